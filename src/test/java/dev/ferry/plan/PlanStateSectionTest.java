package dev.ferry.plan;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The plan's {@code state:} section; its refusals are fixtures under plans/invalid (state-*.yaml). */
class PlanStateSectionTest {
    private static final Path FILE = Path.of("test-plan.yaml");
    private static final String MINIMAL = PlanLoaderTest.MINIMAL;

    private final PlanLoader loader = new PlanLoader(Map.of("STATE_BUCKET", "team-state"));

    @Test
    void withoutAStateSectionTheStateIsLocal() {
        Plan plan = loader.load(MINIMAL, FILE).plan();

        assertThat(plan.state()).isEqualTo(StateLocation.local());
        assertThat(plan.state().isS3()).isFalse();
    }

    @Test
    void backendLocalIsTheSameAsNoSection() {
        Plan plan = loader.load(MINIMAL + "state: {backend: local}\n", FILE).plan();

        assertThat(plan.state()).isEqualTo(StateLocation.local());
    }

    @Test
    void anS3SectionBindsBucketKeyAndRegion() {
        Plan plan = loader.load(MINIMAL + """
                state:
                  backend: s3
                  bucket: ${env:STATE_BUCKET}
                  key: teams/demo/state.json
                  region: eu-central-1
                """, FILE).plan();

        assertThat(plan.state()).isEqualTo(new StateLocation("s3", "team-state", "teams/demo/state.json",
                "eu-central-1"));
        assertThat(plan.state().isS3()).isTrue();
    }

    @Test
    void theRegionDefaultsToTheTargetRegion() throws IOException {
        String redash = Files.readString(Path.of("plans/redash.yaml"));
        Plan plan = loader.load(redash + "\nstate: {backend: s3, bucket: team-state, key: redash/state.json}\n", FILE)
                .plan();

        assertThat(plan.state().region()).isEqualTo(plan.target().region()).isNotNull();
    }

    @Test
    void anS3SectionReportsEveryProblemAtOnce() {
        PlanInvalidException e = catchThrowableOfType(() -> loader.load(MINIMAL + """
                state:
                  backend: s3
                  bucket: xn
                  key: /demo/state.json
                  region: eu-west-1
                """, FILE), PlanInvalidException.class);

        assertThat(e.problems()).extracting(Problem::message).containsExactly(
                "'xn' in state.bucket is 2 characters long; an S3 bucket name is 3 to 63 lowercase letters, digits,"
                        + " dots and hyphens, starts and ends with a letter or digit, has no '..' and is not shaped"
                        + " like an IP address",
                "'/demo/state.json' in state.key starts with '/'; write the key without it, like demo/state.json");
    }

    @Test
    void aKeyIsMeasuredInBytes() {
        assertThat(StateBinder.key("é".repeat(512))).isEmpty();
        assertThat(StateBinder.key("é".repeat(513))).hasValueSatisfying(why -> assertThat(why).startsWith(
                "is 1026 bytes long in UTF-8; an S3 key has at most 1024 bytes"));
        assertThat(StateBinder.bucket("a".repeat(63))).isEmpty();
        assertThat(StateBinder.bucket("a".repeat(64))).isPresent();
    }
}
