package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.sandbox.aws.Delays;
import dev.ferry.sandbox.aws.SandboxAws;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.state.Json;
import dev.ferry.state.PlanLock.LockHolder;
import dev.ferry.state.StateBackend;
import dev.ferry.state.StateBackend.StateConflictException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 state backend against the sandbox AWS endpoint, through the real SDK. */
class S3StateBackendSandboxTest {
    private static final String BUCKET = SandboxWorld.STATE_BUCKET;
    private static final AtomicInteger KEYS = new AtomicInteger();
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    static Path work;
    static SandboxAws sandbox;
    static S3Client raw;

    String key;
    S3StateBackend one;
    S3StateBackend two;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxAws.start(SandboxWorld.defaults(), Delays.fast(), work.resolve("aws"));
        raw = AwsClients.s3(settings());
    }

    @AfterAll
    static void stopSandbox() {
        raw.close();
        sandbox.close();
    }

    static AwsSettings settings() {
        return AwsSettings.defaults().withRegion("us-east-1").withEndpoint(sandbox.endpoint())
                .withCredentials(sandbox.credentials());
    }

    /** Two backends on the same key, each with its own client: two operators. */
    @BeforeEach
    void twoOperators() {
        key = "plans/redash-" + KEYS.incrementAndGet() + ".json";
        one = S3StateBackend.open(settings(), BUCKET, key);
        two = S3StateBackend.open(settings(), BUCKET, key);
    }

    @AfterEach
    void close() {
        sandbox.faults().clear();
        one.close();
        two.close();
    }

    @Test
    void createsThenUpdatesTheDocumentEachWriteANewVersion() {
        assertThat(one.location()).isEqualTo("s3://ferry-state/" + key);
        assertThat(one.readState()).isEmpty();

        String first = one.writeState(bytes("{\"serial\":1}"), Optional.empty());
        StateBackend.Versioned read = two.readState().orElseThrow();
        assertThat(text(read.content())).isEqualTo("{\"serial\":1}");
        assertThat(read.version()).isEqualTo(first);
        String firstVersionId = raw.headObject(r -> r.bucket(BUCKET).key(key)).versionId();

        String second = two.writeState(bytes("{\"serial\":2}"), Optional.of(first));
        assertThat(second).isNotEqualTo(first);
        assertThat(one.readState().orElseThrow().version()).isEqualTo(second);
        // the bucket is versioned: the first document is still there under its own version id
        assertThat(raw.headObject(r -> r.bucket(BUCKET).key(key)).versionId()).isNotNull().isNotEqualTo(firstVersionId);
    }

    @Test
    void aWriteFromAStaleVersionIsRefusedNamingBothVersionsAndChangesNothing() {
        String first = one.writeState(bytes("a"), Optional.empty());
        String second = two.writeState(bytes("b"), Optional.of(first));

        assertThatThrownBy(() -> one.writeState(bytes("c"), Optional.of(first)))
                .isInstanceOfSatisfying(StateConflictException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT);
                    assertThat(e.expected()).isEqualTo(first);
                    assertThat(e.actual()).isEqualTo(second);
                    assertThat(e.getMessage()).contains(first, second, "s3://ferry-state/" + key);
                });
        assertThatThrownBy(() -> one.writeState(bytes("d"), Optional.empty()))
                .isInstanceOfSatisfying(StateConflictException.class, e -> assertThat(e.actual()).isEqualTo(second));
        assertThat(text(two.readState().orElseThrow().content())).isEqualTo("b");
    }

    @Test
    void oneLockAtATimeNamingTheHolderAndReleasedOnClose() {
        try (StateBackend.Lease lease = one.lock(CLOCK)) {
            LockHolder me = lease.holder();
            assertThat(two.lockHolder()).contains(me);
            assertThatThrownBy(() -> two.lock(CLOCK)).isInstanceOfSatisfying(FerryException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.LOCKED);
                assertThat(e.getMessage()).contains("lock " + me.id(), "pid " + me.pid(), "on " + me.host(),
                        "since " + me.since(), "ferry unlock PLAN --force " + me.id(), key + ".lock");
            });
        }
        assertThat(one.lockHolder()).isEmpty();
        try (StateBackend.Lease again = two.lock(CLOCK)) {
            assertThat(one.lockHolder()).contains(again.holder());
        }
    }

    @Test
    void aLockLeftByADeadProcessOnThisHostIsTakenOverOneFromAnotherHostIsNot() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        plantLock(new LockHolder("dead0001", S3Lock.hostName(), gone.pid(), Instant.parse("2024-01-01T00:00:00Z")));
        try (StateBackend.Lease lease = one.lock(CLOCK)) {
            assertThat(lease.holder().pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(two.lockHolder()).contains(lease.holder());
        }

        plantLock(new LockHolder("far00001", "another-host", gone.pid(), Instant.parse("2024-01-01T00:00:00Z")));
        assertThatThrownBy(() -> one.lock(CLOCK)).isInstanceOfSatisfying(FerryException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.LOCKED);
            assertThat(e.getMessage()).contains("far00001", "another-host", "ferry unlock PLAN --force far00001");
        });
    }

    @Test
    void forceUnlockRemovesTheLockOnlyByItsId() {
        StateBackend.Lease lease = one.lock(CLOCK);
        String id = lease.holder().id();

        assertThatThrownBy(() -> two.forceUnlock("wrong123")).isInstanceOfSatisfying(FerryException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains(id, "wrong123");
        });
        assertThat(two.lockHolder()).isPresent();
        two.forceUnlock(id);
        assertThat(one.lockHolder()).isEmpty();

        try (StateBackend.Lease taken = two.lock(CLOCK)) {
            lease.close(); // the old holder's release must not remove the new holder's lock
            assertThat(one.lockHolder()).contains(taken.holder());
        }
        assertThatThrownBy(() -> one.forceUnlock(id)).hasMessageContaining("nothing to unlock");
    }

    @Test
    void journalLinesFromTwoWritersKeepTheirOrder() {
        List<String> written = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            String line = "{\"n\":" + i + "}";
            (i % 3 == 0 ? two : one).appendJournal(line); // `one` has a stale idea of the next number each time
            written.add(line);
        }
        assertThat(one.readJournal()).containsExactlyElementsOf(written);
        assertThat(S3StateBackend.open(settings(), BUCKET, key).readJournal()).containsExactlyElementsOf(written);
        assertThat(raw.listObjectsV2(r -> r.bucket(BUCKET).prefix(key + ".journal/")).contents())
                .extracting(o -> o.key().substring(key.length())).first().isEqualTo(".journal/0000000001");
    }

    @Test
    void sideFilesAreWrittenReplacedAndRead() {
        assertThat(one.readFile("baseline.json")).isEmpty();
        one.writeFile("baseline.json", bytes("first"));
        two.writeFile("baseline.json", bytes("second"));
        assertThat(one.readFile("baseline.json")).hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("second"));
        assertThat(raw.headObject(r -> r.bucket(BUCKET).key(key + ".files/baseline.json")).contentLength()).isEqualTo(6);
        assertThatThrownBy(() -> one.writeFile("../escape", bytes("x")))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    /** The acceptance: 100 rounds of two writers that read the same version; exactly one wins each time. */
    @Test
    void ofTwoConcurrentWritersExactlyOneWinsEveryTime() throws Exception {
        one.writeState(bytes("round 0"), Optional.empty());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 100; round++) {
                CyclicBarrier together = new CyclicBarrier(2);
                int r = round;
                Future<Outcome> a = threads.submit(() -> race(one, "one " + r, together));
                Future<Outcome> b = threads.submit(() -> race(two, "two " + r, together));
                Outcome first = a.get();
                Outcome second = b.get();
                assertThat(first.read()).as("round %d: both read the same version", round).isEqualTo(second.read());
                assertThat(first.won() ^ second.won()).as("round %d: exactly one winner", round).isTrue();
                Outcome winner = first.won() ? first : second;
                Outcome loser = first.won() ? second : first;
                assertThat(loser.conflict().expected()).isEqualTo(loser.read());
                assertThat(loser.conflict().actual()).isEqualTo(winner.written());
                assertThat(text(one.readState().orElseThrow().content())).isEqualTo(winner.content());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aDeniedWriteSaysWhatToGrantAndAMissingBucketHowToCreateIt() {
        sandbox.faults().deny("s3", "PutObject");
        assertThatThrownBy(() -> one.writeState(bytes("x"), Optional.empty()))
                .hasMessageContaining("grant s3:PutObject").hasMessageContaining("s3://ferry-state/" + key);
        sandbox.faults().clear();

        try (S3StateBackend nowhere = S3StateBackend.open(settings(), "no-such-bucket", "state.json")) {
            assertThatThrownBy(nowhere::readState).isInstanceOfSatisfying(FerryException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED);
                assertThat(e.getMessage()).contains("no-such-bucket does not exist", "create-bucket");
            });
        }
    }

    private record Outcome(String read, String content, boolean won, String written, StateConflictException conflict) {
    }

    private static Outcome race(S3StateBackend backend, String content, CyclicBarrier together) throws Exception {
        String read = backend.readState().orElseThrow().version();
        together.await();
        try {
            return new Outcome(read, content, true, backend.writeState(bytes(content), Optional.of(read)), null);
        } catch (StateConflictException e) {
            return new Outcome(read, content, false, null, e);
        }
    }

    private void plantLock(LockHolder holder) throws Exception {
        raw.putObject(r -> r.bucket(BUCKET).key(key + ".lock"),
                RequestBody.fromBytes(Json.mapper().writeValueAsBytes(holder)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
