package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which bind sources removeVolumes may never delete, judged by the compose directory and its files alone. */
class OldDataSurveyTest {
    private static final Path DIR = Path.of("/opt/redash");
    private static final Path ENV = Path.of("/opt/redash/config/env");
    private static final Path COMPOSE = Path.of("/opt/redash/docker-compose.yml");

    private static String reason(String path) {
        return OldDataSurvey.outsideReason(Path.of(path).normalize(), DIR, ENV, COMPOSE).orElse("may go");
    }

    @Test
    void onlyWhatIsStrictlyInsideTheComposeDirectoryAndHoldsNeitherFileMayGo() {
        assertThat(reason("/opt/redash/postgres-data")).isEqualTo("may go");
        assertThat(reason("/opt/redash")).isEqualTo("the compose directory itself");
        assertThat(reason("/opt/redash/postgres-data/..")).isEqualTo("the compose directory itself");
        assertThat(reason("/opt")).isEqualTo("a parent of the compose directory /opt/redash");
        assertThat(reason("/")).isEqualTo("a parent of the compose directory /opt/redash");
        assertThat(reason("/opt/redash2")).isEqualTo("outside the compose directory /opt/redash");
        assertThat(reason("/opt/redash/../../etc/ssl/certs")).isEqualTo("outside the compose directory /opt/redash");
        assertThat(reason("/etc/localtime")).isEqualTo("outside the compose directory /opt/redash");
        assertThat(reason("/opt/redash/config")).isEqualTo("holds the env file /opt/redash/config/env");
        assertThat(reason("/opt/redash/config/env")).isEqualTo("holds the env file /opt/redash/config/env");
        assertThat(reason("/opt/redash/docker-compose.yml")).isEqualTo("holds the compose file /opt/redash/docker-compose.yml");
        assertThat(OldDataSurvey.outsideReason(Path.of("/srv"), Path.of("/"), ENV, COMPOSE))
                .contains("too close to the filesystem root");
    }
}
