package dev.ferry.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.cli.DiskSnapshot;
import dev.ferry.cli.Ferry;
import dev.ferry.cli.HookPlans;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad {@code state.json} files under a real plan: `ferry status` and `ferry resume --yes` refuse with exit 2, name
 * the file (with line:column where the problem sits in it) and one way out, and leave every byte as it was, no lock
 * held and hook-2 not run. Conflicts (a well-formed state that does not fit this plan) are exit 4, checked on resume.
 * Each state starts from a real run paused after hook-1; "re-sealed" edits recompute the checksum, as a tool would.
 */
class BadStateFilesTest {
    @TempDir Path dir;

    interface Edit {
        void apply(Path stateFile) throws IOException;
    }

    record Case(String name, Edit edit, int code, List<String> commands, List<String> says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case invalid(String name, Edit edit, String... says) {
        return new Case(name, edit, 2, List.of("status", "resume"), List.of(says));
    }

    static Case conflict(String name, Edit edit, String... says) {
        return new Case(name + " is a state conflict (4)", edit, 4, List.of("resume"), List.of(says));
    }

    static Edit text(UnaryOperator<String> change) {
        return file -> Files.writeString(file, change.apply(Files.readString(file)));
    }

    /** Edits the state and writes it back with a fresh checksum, laid out exactly as ferry writes it. */
    static Edit resealed(Consumer<ObjectNode> change) {
        return file -> {
            ObjectNode envelope = (ObjectNode) Json.mapper().readTree(file.toFile());
            ObjectNode state = (ObjectNode) envelope.get("state");
            change.accept(state);
            envelope.put("checksum", Json.sha256(Json.mapper().writeValueAsBytes(state)));
            Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(envelope) + "\n");
        };
    }

    static ObjectNode hook1(ObjectNode state) {
        return (ObjectNode) state.get("steps").get("hook-1");
    }

    static final String RESTORE = "restore state.json.bak (the previous version) over it, then run `ferry status`";

    static Stream<Case> cases() {
        return Stream.concat(Stream.concat(unreadable(), resealedCases()), conflicts());
    }

    /** Broken as a file: what a crash, a bad copy or a text editor leaves. */
    static Stream<Case> unreadable() {
        return Stream.of(
                invalid("empty file", text(t -> ""), "{STATE}:1:1: corrupt state: the file is empty", RESTORE),
                invalid("truncated mid-JSON", text(t -> t.substring(0, t.indexOf("\"actions\""))),
                        "{STATE}:15:", "Unexpected end-of-input", RESTORE),
                invalid("not JSON", text(t -> "state: paused after hook-1\n"),
                        "{STATE}:1:", "Unrecognized token 'state'", RESTORE),
                invalid("JSON syntax error on line 3", text(t -> t.replaceFirst("\"state\" : \\{", "\"state\" : {,")),
                        "{STATE}:3:14: corrupt state: Unexpected character (','", RESTORE),
                invalid("hand-edited, so the checksum does not match", text(t -> t.replaceFirst("\"serial\" : \\d+",
                        "\"serial\" : 99")), "{STATE}:2:16: corrupt state: checksum mismatch: recorded ", RESTORE),
                invalid("envelope without checksum", text(t -> t.replaceFirst("\\s*\"checksum\" : \"\\w+\",", "")),
                        "{STATE}:1:1: corrupt state: no 'checksum' field", RESTORE),
                invalid("a list, not an envelope", text(t -> "[]\n"),
                        "{STATE}:1:1: corrupt state: the top level is a list", RESTORE),
                invalid("a byte that is not UTF-8", file -> Files.write(file, Files.readString(file)
                        .replace("\"redash-prod\"", "\"redash-pr\u00f6d\"").getBytes(StandardCharsets.ISO_8859_1)),
                        "{STATE}:7:", "corrupt state: Invalid UTF-8", RESTORE),
                invalid("state.json is a directory", file -> {
                    Files.delete(file);
                    Files.createDirectory(file);
                }, "state {STATE} is a directory, not a state file", "restore state.json.bak as state.json"));
    }

    /** Well-formed JSON with a valid checksum whose content ferry cannot have written. */
    static Stream<Case> resealedCases() {
        return Stream.of(
                invalid("serial of the wrong type", resealed(s -> s.put("serial", "five")),
                        "{STATE}:6:16: corrupt state: state.serial is 'five', expected a whole number", RESTORE),
                invalid("a newer state format", resealed(s -> s.put("formatVersion", 2)),
                        "{STATE}:4:23: state format 2 is newer than this ferry reads (1)",
                        "Run the ferry version that wrote it"),
                invalid("an action status that is not a status",
                        resealed(s -> ((ObjectNode) hook1(s).get("actions").get("s1a1")).put("status", "HALF_DONE")),
                        "{STATE}:17:24: corrupt state: state.steps.hook-1.actions.s1a1.status is 'HALF_DONE', expected"
                                + " one of STARTED, DONE, FAILED", RESTORE),
                invalid("a step without status", resealed(s -> hook1(s).putNull("status")),
                        "{STATE}:10:18: corrupt state: state.steps.hook-1 has no status", RESTORE),
                invalid("a negative serial", resealed(s -> s.put("serial", -3)),
                        "{STATE}:6:16: corrupt state: state.serial is -3; ferry writes serial 1 or more", RESTORE),
                invalid("no plan name", resealed(s -> s.remove("planName")),
                        "{STATE}:3:13: corrupt state: state has no planName", RESTORE),
                invalid("a field ferry does not write", resealed(s -> s.put("owner", "ops")),
                        "corrupt state: state.owner is not a field ferry writes", RESTORE));
    }

    static Stream<Case> conflicts() {
        return Stream.of(
                conflict("state of another plan (another lineage)", resealed(s -> s.put("planName", "metabase-prod")
                                .put("lineage", "00000000-0000-0000-0000-000000000000")),
                        "belongs to plan 'metabase-prod' (lineage 00000000-0000-0000-0000-000000000000), not to plan"
                                + " 'redash-prod'", "point --state-dir at this plan's own state"),
                conflict("an applied step the plan does not have",
                        resealed(s -> ((ObjectNode) s.get("steps")).set("hook-9", hook1(s).deepCopy())),
                        "step 'hook-9' is applied in state", "roll it back with `ferry rollback PLAN --to hook-9`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusesNamesTheFileAndChangesNothing(Case c) throws Exception {
        Path plan = HookPlans.write(dir, 2, 1, "0");
        assertThat(ferry("run", plan.toString(), "--yes", "--until", "hook-1").code()).isZero();
        Path stateDir = dir.resolve(".ferry/redash-prod");
        Path stateFile = stateDir.resolve(StateStore.FILE);
        c.edit().apply(stateFile);
        DiskSnapshot before = DiskSnapshot.of(dir);

        for (String command : c.commands()) {
            Result r = command.equals("status") ? ferry("status", plan.toString())
                    : ferry("resume", plan.toString(), "--yes");
            assertThat(r.code()).as(command + ": " + r.err()).isEqualTo(c.code());
            for (String fragment : c.says()) {
                assertThat(r.err()).as(command).contains(fragment.replace("{STATE}", stateFile.toString()));
            }
            assertThat(r.out()).as(command).isEmpty();
        }

        assertThat(DiskSnapshot.of(dir)).isEqualTo(before);
        assertThat(Files.readAllLines(dir.resolve("out.txt"))).as("hook-2 must not run").containsExactly("s1a1");
        PlanLock.acquire(stateDir, Clock.systemUTC()).close();
    }

    /** The control: a re-sealed state with nothing changed is accepted, so the re-sealed cases fail for their edit. */
    @Test
    void aResealedStateWithNoChangeResumes() throws Exception {
        Path plan = HookPlans.write(dir, 2, 1, "0");
        assertThat(ferry("run", plan.toString(), "--yes", "--until", "hook-1").code()).isZero();
        resealed(s -> { }).apply(dir.resolve(".ferry/redash-prod").resolve(StateStore.FILE));

        Result r = ferry("resume", plan.toString(), "--yes");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out.txt"))).containsExactly("s1a1", "s2a1");
    }

    record Result(int code, String out, String err) {
    }

    private static Result ferry(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Ferry.run(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
