package dev.ferry.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateBackend} guarantees, run against each backend: conditional writes that let exactly one of two
 * racing writers win, a lock that names its holder, an append-only journal and side files.
 */
public abstract class StateBackendContract {

    /** A new, empty backend; {@link #second} must reach the same storage (another process, another machine). */
    protected abstract StateBackend backend();

    protected abstract StateBackend second(StateBackend first);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesOnlyOverTheVersionItRead() {
        StateBackend backend = backend();
        assertThat(backend.readState()).isEmpty();
        String v1 = backend.writeState(bytes("one"), Optional.empty());
        assertThat(backend.readState()).hasValueSatisfying(v -> {
            assertThat(new String(v.content(), StandardCharsets.UTF_8)).isEqualTo("one");
            assertThat(v.version()).isEqualTo(v1);
        });
        String v2 = backend.writeState(bytes("two"), Optional.of(v1));
        assertThat(v2).isNotEqualTo(v1);
        assertThatThrownBy(() -> backend.writeState(bytes("stale"), Optional.of(v1)))
                .isInstanceOfSatisfying(StateBackend.StateConflictException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT))
                .hasMessageContaining(backend.location());
        assertThatThrownBy(() -> backend.writeState(bytes("as new"), Optional.empty()))
                .isInstanceOf(StateBackend.StateConflictException.class);
        assertThat(new String(backend.readState().orElseThrow().content(), StandardCharsets.UTF_8)).isEqualTo("two");
    }

    /** Two writers read the same version and both write: exactly one wins, every time. */
    @Test
    void ofTwoRacingWritersExactlyOneWins() throws Exception {
        StateBackend first = backend();
        StateBackend other = second(first);
        String version = first.writeState(bytes("start"), Optional.empty());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int attempt = 0; attempt < 100; attempt++) {
                CyclicBarrier together = new CyclicBarrier(2);
                String read = version;
                List<Future<Optional<String>>> writers = new ArrayList<>();
                for (StateBackend writer : List.of(first, other)) {
                    int n = attempt;
                    writers.add(pool.submit(() -> {
                        together.await();
                        try {
                            return Optional.of(writer.writeState(bytes("attempt " + n + " by " + writer.hashCode()),
                                    Optional.of(read)));
                        } catch (StateBackend.StateConflictException lost) {
                            return Optional.<String>empty();
                        }
                    }));
                }
                List<String> won = new ArrayList<>();
                for (Future<Optional<String>> w : writers) {
                    w.get().ifPresent(won::add);
                }
                assertThat(won).as("winners of attempt " + attempt).hasSize(1);
                version = won.get(0);
                assertThat(first.readState().orElseThrow().version()).isEqualTo(version);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLockNamesItsHolderAndIsReleasedOnClose() {
        StateBackend backend = backend();
        assertThat(backend.lockHolder()).isEmpty();
        try (StateBackend.Lease lease = backend.lock(Clock.systemUTC())) {
            assertThat(backend.lockHolder()).hasValueSatisfying(h -> assertThat(h.id()).isEqualTo(lease.holder().id()));
            assertThatThrownBy(() -> second(backend).lock(Clock.systemUTC()))
                    .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCKED))
                    .hasMessageContaining(lease.holder().id())
                    .hasMessageContaining("ferry unlock PLAN --force " + lease.holder().id());
            assertThatThrownBy(() -> backend.forceUnlock("not-it"))
                    .isInstanceOfSatisfying(FerryException.class,
                            e -> assertThat(e.code()).isIn(ErrorCode.INVALID_INPUT, ErrorCode.LOCKED))
                    .hasMessageContaining(lease.holder().id());
        }
        try (StateBackend.Lease again = second(backend).lock(Clock.systemUTC())) {
            assertThat(again.holder().id()).isNotBlank();
        }
    }

    @Test
    void theJournalKeepsEveryLineInOrder() {
        StateBackend backend = backend();
        assertThat(backend.readJournal()).isEmpty();
        for (int i = 0; i < 12; i++) {
            backend.appendJournal("{\"n\":" + i + "}");
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expected.add("{\"n\":" + i + "}");
        }
        assertThat(second(backend).readJournal()).isEqualTo(expected);
    }

    @Test
    void sideFilesAreReplacedAndReadBack() {
        StateBackend backend = backend();
        assertThat(backend.readFile("move-database-baseline.json")).isEmpty();
        backend.writeFile("move-database-baseline.json", bytes("{\"a\":1}"));
        backend.writeFile("move-database-baseline.json", bytes("{\"a\":2}"));
        assertThat(second(backend).readFile("move-database-baseline.json"))
                .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{\"a\":2}"));
    }
}
