package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.state.Json;
import dev.ferry.testing.FerryCli;
import dev.ferry.testing.OutputSchemas;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate -o json} with file/line/column, the JSON of status and log against their schemas, and the status
 * table's alignment.
 */
class ValidateAndStatusOutputTest {
    private static final Path INVALID = Path.of("src/test/resources/plans/invalid");
    @TempDir Path dir;

    private static Result ferry(String... args) {
        return FerryCli.ferry(Wiring.real(), args);
    }

    @Test
    void validateAsJsonListsEveryProblemWithFileLineAndColumnOnStdout() throws Exception {
        Path fixture = INVALID.resolve("arn-accounts-differ.yaml");
        Result r = ferry("validate", fixture.toString(), "--output", "json");
        assertThat(r.code()).isEqualTo(2);
        assertThat(OutputSchemas.check("validate-output", r.out())).isEmpty();
        JsonNode doc = Json.mapper().readTree(r.out());
        assertThat(doc.get("format_version").asText()).isEqualTo("1.0");
        assertThat(doc.get("valid").asBoolean()).isFalse();
        JsonNode problem = doc.get("problems").get(0);
        assertThat(problem.get("file").asText()).isEqualTo(fixture.toString());
        assertThat(problem.get("line").asInt()).isEqualTo(27);
        assertThat(problem.get("column").asInt()).isEqualTo(18);
        assertThat(problem.get("message").asText()).contains("taskRoleArn");
        assertThat(r.err()).as("the text still goes to stderr").contains(fixture + ":27:18:");
    }

    @Test
    void validateAsJsonReportsEachOfSeveralProblemsAndAnUnreadableFile() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(Path.of("plans/redash.yaml")).replace("envFile:", "envFle:")
                .replace("region: eu-west-1", "region: eu-wset-1"));
        Result r = ferry("validate", bad.toString(), "-o", "json");
        assertThat(r.code()).isEqualTo(2);
        assertThat(OutputSchemas.check("validate-output", r.out())).isEmpty();
        JsonNode problems = Json.mapper().readTree(r.out()).get("problems");
        assertThat(problems.size()).isGreaterThanOrEqualTo(2);
        problems.forEach(p -> assertThat(p.get("line").asInt()).isPositive());

        Result missing = ferry("validate", dir.resolve("missing.yaml").toString(), "-o", "json");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(OutputSchemas.check("validate-output", missing.out())).isEmpty();
        assertThat(Json.mapper().readTree(missing.out()).get("problems").get(0).get("message").asText())
                .contains("missing.yaml");
    }

    @Test
    void validateAsJsonSaysValid() throws Exception {
        Result r = ferry("validate", "plans/redash.yaml", "-o", "json");
        assertThat(r.code()).isZero();
        assertThat(OutputSchemas.check("validate-output", r.out())).isEmpty();
        JsonNode doc = Json.mapper().readTree(r.out());
        assertThat(doc.get("valid").asBoolean()).isTrue();
        assertThat(doc.get("steps").asInt()).isEqualTo(9);
        assertThat(OutputSchemas.check("validate-output", "{\"format_version\": \"1.0\", \"valid\": false,"
                + " \"problems\": []}")).as("the schema bites").isNotEmpty();
    }

    @Test
    void statusAndLogJsonMatchTheirSchemas() throws Exception {
        Path plan = HookPlans.write(dir, 2, 1, "0");
        Result never = ferry("status", plan.toString(), "-o", "json");
        assertThat(OutputSchemas.check("status-output", never.out())).isEmpty();
        assertThat(ferry("run", plan.toString(), "--yes", "--until", "hook-1").code()).isZero();
        Result status = ferry("status", plan.toString(), "-o", "json");
        assertThat(OutputSchemas.check("status-output", status.out())).isEmpty();
        assertThat(Json.mapper().readTree(status.out()).get("format_version").asText()).isEqualTo("1.0");
        List<String> log = ferry("log", plan.toString(), "-o", "json").out().lines().toList();
        assertThat(log).hasSizeGreaterThan(2);
        for (String line : log) {
            assertThat(OutputSchemas.check("log-entry", line)).as(line).isEmpty();
        }
    }

    @Test
    void theStatusTableStaysAlignedWithLongStepIds() throws Exception {
        Path plan = HookPlans.write(dir, 3, 1, "0");
        String longId = "hook-with-a-step-id-much-longer-than-the-old-twenty-six-column-field";
        Files.writeString(plan, Files.readString(plan).replace("id: hook-2", "id: " + longId));
        assertThat(ferry("run", plan.toString(), "--yes", "--until", longId).code()).isZero();
        List<String> lines = ferry("status", plan.toString()).out().lines()
                .filter(l -> l.startsWith("STEP") || l.startsWith("hook-")).toList();
        assertThat(lines).hasSize(4);
        assertColumnsLineUp(lines);
    }

    @Test
    void theTableLinesUpUnicodeWideAndCombiningCharacters() {
        List<String> lines = StatusCommand.table(List.of(
                List.of("STEP", "STATUS", "STARTED", "DURATION"),
                List.of("déploiement", "applied", "2026-12-07T00:00:00Z", "1.0s"),
                List.of("数据迁移", "rolled-back", "-", "-"),
                List.of("cafe\u0301-step", "pending", "-", "12345.6s"),
                List.of("a", "failed", "2026-12-07T00:00:00.123456Z", "0.1s")));
        assertColumnsLineUp(lines);
        assertThat(TextWidth.of("数据迁移")).isEqualTo(8);
        assertThat(TextWidth.of("cafe\u0301")).isEqualTo(4);
    }

    /** Every column starts at the same terminal column on every line as in the header. */
    private static void assertColumnsLineUp(List<String> lines) {
        List<Integer> header = starts(lines.get(0));
        assertThat(header).hasSize(4);
        for (String line : lines) {
            assertThat(starts(line)).as(line).isEqualTo(header);
        }
    }

    private static List<Integer> starts(String line) {
        List<Integer> starts = new java.util.ArrayList<>();
        boolean inCell = false;
        int column = 0;
        int spaces = 2;
        for (int i = 0; i < line.length(); ) {
            int c = line.codePointAt(i);
            if (c != ' ' && (!inCell && spaces >= 2 || starts.isEmpty())) {
                starts.add(column);
                inCell = true;
            }
            spaces = c == ' ' ? spaces + 1 : 0;
            if (spaces >= 2) {
                inCell = false;
            }
            column += TextWidth.columns(c);
            i += Character.charCount(c);
        }
        return starts;
    }
}
