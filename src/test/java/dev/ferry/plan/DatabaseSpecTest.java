package dev.ferry.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseSpecTest {
    @Test
    void theCaBundleDefaultsToTheRdsGlobalBundleUnderTheOperatorsHome() {
        DatabaseSpec spec = new DatabaseSpec("redash", "16.4", "db.t4g.medium", 50, "redash", "redash", 7, false);
        assertThat(spec.caBundle()).isEqualTo("~/.postgresql/rds-global-bundle.pem");
        assertThat(spec.caBundlePath()).isEqualTo(Path.of(System.getProperty("user.home"), ".postgresql",
                "rds-global-bundle.pem"));
        assertThat(new DatabaseSpec("redash", "16.4", "db.t4g.medium", 50, "redash", "redash", 7, false, "/etc/ssl/rds.pem")
                .caBundlePath()).isEqualTo(Path.of("/etc/ssl/rds.pem"));
    }

    @Test
    void theCaBundleIsNoStepInput() {
        DatabaseSpec a = new DatabaseSpec("redash", "16.4", "db.t4g.medium", 50, "redash", "redash", 7, false, "/a.pem");
        DatabaseSpec b = new DatabaseSpec("redash", "16.4", "db.t4g.medium", 50, "redash", "redash", 7, false, "/b.pem");
        assertThat(dev.ferry.state.Json.digest(a)).isEqualTo(dev.ferry.state.Json.digest(b));
    }
}
