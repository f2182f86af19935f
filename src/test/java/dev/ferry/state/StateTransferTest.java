package dev.ferry.state;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** push/pull through two backends: what is copied, and every refusal changing nothing. */
class StateTransferTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final String BASELINE = "move-database-baseline.json";
    private static final StateTransfer.Confirmation YES = planned -> true;

    @TempDir
    Path dir;

    private final MemoryStateBackend here = new MemoryStateBackend("/srv/ops/.ferry/demo");
    private final MemoryStateBackend there = new MemoryStateBackend("s3://team-state/demo/state.json");

    @Test
    void pushThenPullIntoAFreshPlaceGivesTheSameBytesJournalAndSideFiles() throws IOException {
        seed(here, document("lineage-a", 3, true), List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"));
        MemoryStateBackend elsewhere = new MemoryStateBackend("/home/bob/.ferry/demo");

        StateTransfer.Copy pushed = new StateTransfer(here, there, CLOCK).push(false, YES).orElseThrow();
        StateTransfer.Copy pulled = new StateTransfer(elsewhere, there, CLOCK).pull(false, YES).orElseThrow();

        assertThat(there.readState().orElseThrow().content()).isEqualTo(here.readState().orElseThrow().content());
        assertThat(elsewhere.readState().orElseThrow().content()).isEqualTo(here.readState().orElseThrow().content());
        assertThat(elsewhere.readJournal()).isEqualTo(here.readJournal()).hasSize(3);
        assertThat(elsewhere.readFile(BASELINE)).hasValueSatisfying(b -> assertThat(b).isEqualTo(baseline()));
        assertThat(pushed).extracting(StateTransfer.Copy::lineage, StateTransfer.Copy::serial,
                StateTransfer.Copy::journalLines, StateTransfer.Copy::sideFiles)
                .containsExactly("lineage-a", 3L, 3, List.of(BASELINE));
        assertThat(pulled.from()).isEqualTo("s3://team-state/demo/state.json");
        assertThat(List.of(here.lockHolder(), there.lockHolder(), elsewhere.lockHolder())).containsOnly(Optional.empty());
    }

    @Test
    void aSecondPushOfTheSameStateWritesNothingMore() throws IOException {
        seed(here, document("lineage-a", 2, false), List.of("{\"n\":1}"));
        new StateTransfer(here, there, CLOCK).push(false, YES);
        int writes = there.writes();

        StateTransfer.Copy again = new StateTransfer(here, there, CLOCK).push(false, YES).orElseThrow();

        assertThat(again.stateWritten()).isFalse();
        assertThat(again.journalLines()).isZero();
        assertThat(there.writes()).isEqualTo(writes);
    }

    @Test
    void aLineageMismatchIsRefusedNamingBothEvenWithForce() throws IOException {
        seed(here, document("lineage-a", 5, false), List.of());
        seed(there, document("lineage-b", 2, false), List.of("{\"n\":1}"));
        int writes = there.writes();

        for (boolean force : new boolean[] {false, true}) {
            FerryException e = catchThrowableOfType(() -> new StateTransfer(here, there, CLOCK).push(force, YES),
                    FerryException.class);

            assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT);
            assertThat(e.getMessage()).contains("lineage lineage-a here (/srv/ops/.ferry/demo), lineage-b there"
                    + " (s3://team-state/demo/state.json)").contains("not even with --force");
        }
        assertThat(there.writes()).isEqualTo(writes);
        assertThat(there.lockHolder()).isEmpty();
    }

    @Test
    void aNewerSerialThereIsRefusedUnlessForced() throws IOException {
        seed(here, document("lineage-a", 4, false), List.of("{\"n\":1}"));
        seed(there, document("lineage-a", 6, false), List.of("{\"n\":1}", "{\"n\":2}"));
        byte[] before = there.readState().orElseThrow().content();

        FerryException e = catchThrowableOfType(() -> new StateTransfer(here, there, CLOCK).push(false, YES),
                FerryException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT);
        assertThat(e.getMessage()).contains("serial 4 here (/srv/ops/.ferry/demo), 6 there").contains("`ferry state"
                + " pull PLAN`");
        assertThat(there.readState().orElseThrow().content()).isEqualTo(before);

        new StateTransfer(here, there, CLOCK).push(true, YES);

        assertThat(there.readState().orElseThrow().content()).isEqualTo(here.readState().orElseThrow().content());
        assertThat(there.readJournal()).as("append-only: nothing is unwritten").hasSize(2);
    }

    @Test
    void aPullRefusesToReplaceANewerLocalState() throws IOException {
        seed(here, document("lineage-a", 9, false), List.of());
        seed(there, document("lineage-a", 8, false), List.of());

        FerryException e = catchThrowableOfType(() -> new StateTransfer(here, there, CLOCK).pull(false, YES),
                FerryException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT);
        assertThat(e.getMessage()).contains("serial 9 here", "8 there", "`ferry state push PLAN`");
        assertThat(here.writes()).isEqualTo(1);
    }

    @Test
    void anEqualSerialWithDifferentContentIsRefusedUnlessForced() throws IOException {
        seed(here, document("lineage-a", 3, true), List.of());
        seed(there, document("lineage-a", 3, false), List.of());

        FerryException e = catchThrowableOfType(() -> new StateTransfer(here, there, CLOCK).push(false, YES),
                FerryException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT);
        assertThat(e.getMessage()).contains("serial 3 here", "3 there", "documents differ", "--force");
        assertThat(new StateTransfer(here, there, CLOCK).push(true, YES).orElseThrow().stateWritten()).isTrue();
        assertThat(there.readState().orElseThrow().content()).isEqualTo(here.readState().orElseThrow().content());
    }

    @Test
    void aCorruptSourceIsRefusedBeforeAnythingIsWritten() throws IOException {
        String edited = new String(document("lineage-a", 2, false), StandardCharsets.UTF_8)
                .replace("\"planName\" : \"demo\"", "\"planName\" : \"edited\"");
        here.writeState(edited.getBytes(StandardCharsets.UTF_8), Optional.empty());

        FerryException e = catchThrowableOfType(() -> new StateTransfer(here, there, CLOCK).push(false, YES),
                FerryException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(e.getMessage()).startsWith("/srv/ops/.ferry/demo:").contains("corrupt state: checksum mismatch")
                .contains("nothing was copied");
        assertThat(there.writes()).isZero();
    }

    @Test
    void aMissingSideFileIsRefusedBeforeAnythingIsWritten() throws IOException {
        here.writeState(document("lineage-a", 2, true), Optional.empty());

        FerryException e = catchThrowableOfType(() -> new StateTransfer(here, there, CLOCK).push(false, YES),
                FerryException.class);

        assertThat(e.getMessage()).contains("needs the side file " + BASELINE);
        assertThat(there.writes()).isZero();
    }

    @Test
    void aHeldLockOnEitherSideStopsTheCopy() throws IOException {
        seed(here, document("lineage-a", 2, false), List.of());
        try (StateBackend.Lease other = there.lock(CLOCK)) {
            FerryException e = catchThrowableOfType(() -> new StateTransfer(here, there, CLOCK).push(false, YES),
                    FerryException.class);

            assertThat(e.code()).isEqualTo(ErrorCode.LOCKED);
            assertThat(e.getMessage()).contains(other.holder().id());
        }
        assertThat(there.writes()).isZero();
        assertThat(here.lockHolder()).as("the local lock is released too").isEmpty();
    }

    @Test
    void theLocksAreHeldWhileTheCopyIsConfirmedAndADeclineWritesNothing() throws IOException {
        seed(here, document("lineage-a", 2, false), List.of("{\"n\":1}"));

        Optional<StateTransfer.Copy> copy = new StateTransfer(here, there, CLOCK).push(false, planned -> {
            assertThat(here.lockHolder()).isPresent();
            assertThat(there.lockHolder()).isPresent();
            return false;
        });

        assertThat(copy).isEmpty();
        assertThat(there.writes()).isZero();
    }

    @Test
    void nothingToPushIsAnInputError() {
        FerryException e = catchThrowableOfType(() -> new StateTransfer(here, there, CLOCK).push(false, YES),
                FerryException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(e.getMessage()).startsWith("no state at /srv/ops/.ferry/demo, so nothing to push");
    }

    private void seed(MemoryStateBackend backend, byte[] document, List<String> journal) {
        backend.writeState(document, Optional.empty());
        journal.forEach(backend::appendJournal);
        if (new String(document, StandardCharsets.UTF_8).contains(BASELINE)) {
            backend.writeFile(BASELINE, baseline());
        }
    }

    private static byte[] baseline() {
        return "{\"tables\":{\"queries\":42}}\n".getBytes(StandardCharsets.UTF_8);
    }

    /** A real state document, written by {@link StateStore}, at {@code serial}. */
    private byte[] document(String lineage, long serial, boolean withSideFile) throws IOException {
        Path directory = Files.createTempDirectory(dir, "state");
        StateStore store = new StateStore(directory, CLOCK);
        Map<String, String> outputs = withSideFile ? Map.of("baselineFile", BASELINE) : Map.of("rows", "42");
        RunState state = new RunState(RunState.FORMAT_VERSION, lineage, 0, "demo", "digest", Map.of(
                "move-database", new StepRecord(StepStatus.APPLIED, "input", CLOCK.instant(), CLOCK.instant(), Map.of(),
                        Map.of(), outputs, null)), null, null);
        for (long s = 0; s < serial; s++) {
            state = store.save(state);
        }
        return Files.readAllBytes(directory.resolve(StateStore.FILE));
    }
}
