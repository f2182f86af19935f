package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.state.StateBackend;
import dev.ferry.state.StateBackend.StateConflictException;
import dev.ferry.state.StorageFacts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 state backend against moto_server, an emulator written independently of ferry's sandbox: the request shapes
 * (path-style, aws-chunked uploads with trailing checksums, conditional headers) are accepted, and a failed condition
 * comes back as 412 and becomes a StateConflictException.
 */
class S3StateMotoTest extends MotoTest {
    private static final String BUCKET = "team-state";
    private static final String KEY = "redash/state.json";

    S3Client raw;

    @BeforeEach
    void bucket() {
        raw = AwsClients.s3(settings());
        raw.createBucket(r -> r.bucket(BUCKET));
    }

    @AfterEach
    void closeClient() {
        raw.close();
    }

    @Test
    void conditionalWritesCreateUpdateAndRefuseAStaleVersionWith412() {
        try (S3StateBackend one = S3StateBackend.open(settings(), BUCKET, KEY);
             S3StateBackend two = S3StateBackend.open(settings(), BUCKET, KEY)) {
            String first = one.writeState(bytes("{\"serial\":1}"), Optional.empty());
            assertThat(two.readState().orElseThrow().version()).isEqualTo(first);
            String second = two.writeState(bytes("{\"serial\":2}"), Optional.of(first));

            assertThatThrownBy(() -> one.writeState(bytes("{\"serial\":3}"), Optional.of(first)))
                    .isInstanceOfSatisfying(StateConflictException.class, e -> {
                        assertThat(e.expected()).isEqualTo(first);
                        assertThat(e.actual()).isEqualTo(second);
                    });
            assertThatThrownBy(() -> one.writeState(bytes("again"), Optional.empty()))
                    .isInstanceOf(StateConflictException.class);
            assertThat(new String(one.readState().orElseThrow().content(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"serial\":2}");
        }
    }

    /** What moto itself answers, without ferry in between: the 412 the backend relies on. */
    @Test
    void motoAnswers412PreconditionFailedToBothConditions() {
        String etag = raw.putObject(r -> r.bucket(BUCKET).key(KEY), RequestBody.fromString("a")).eTag();
        assertThatThrownBy(() -> raw.putObject(r -> r.bucket(BUCKET).key(KEY).ifNoneMatch("*"), RequestBody.fromString("b")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThatThrownBy(() -> raw.putObject(r -> r.bucket(BUCKET).key(KEY).ifMatch("\"0000\""), RequestBody.fromString("b")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(raw.putObject(r -> r.bucket(BUCKET).key(KEY).ifMatch(etag), RequestBody.fromString("c")).eTag())
                .isNotEqualTo(etag);
    }

    @Test
    void lockJournalAndSideFilesWork() {
        try (S3StateBackend one = S3StateBackend.open(settings(), BUCKET, KEY);
             S3StateBackend two = S3StateBackend.open(settings(), BUCKET, KEY)) {
            try (StateBackend.Lease lease = one.lock(Clock.systemUTC())) {
                assertThatThrownBy(() -> two.lock(Clock.systemUTC())).isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCKED));
                assertThat(two.lockHolder()).contains(lease.holder());
            }
            assertThat(two.lockHolder()).isEmpty();

            one.appendJournal("{\"n\":1}");
            two.appendJournal("{\"n\":2}");
            one.appendJournal("{\"n\":3}");
            assertThat(two.readJournal()).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");

            one.writeFile("baseline.json", bytes("{}"));
            assertThat(two.readFile("baseline.json")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("{}")));
        }
    }

    @Test
    void factsReadVersioningAndEncryption() {
        try (S3StateBackend backend = S3StateBackend.open(settings(), BUCKET, KEY)) {
            StorageFacts before = backend.facts().orElseThrow();
            assertThat(before.reachable()).isTrue();
            assertThat(before.versioning()).isEqualTo("Off");
            raw.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
            assertThat(backend.facts().orElseThrow().versioning()).isEqualTo(StorageFacts.ENABLED);
            assertThat(backend.facts().orElseThrow().encryption()).isNotEqualTo(StorageFacts.UNKNOWN);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
