package dev.ferry.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** replicationSource: a private IPv4 address and a port, and nothing else (it goes into YAML and shell). */
class ReplicationSourceTest {
    @Test
    void acceptsPrivateAddressesWithAPort() {
        for (String ok : List.of("10.0.1.5:5432", "172.31.255.254:1", "192.168.0.10:65535", "100.64.0.1:5433",
                "127.0.0.1:54321")) {
            assertThat(ReplicationSource.problem(ok)).as(ok).isEmpty();
        }
        ReplicationSource source = ReplicationSource.parse("10.0.1.5:6543");
        assertThat(source.address()).isEqualTo("10.0.1.5");
        assertThat(source.port()).isEqualTo(6543);
        assertThat(source.publishEntry()).isEqualTo("10.0.1.5:6543:5432");
    }

    @Test
    void refusesAnythingElse() {
        assertThat(ReplicationSource.problem("10.0.1.5")).contains("is not an IPv4 address and a port (address:port)");
        assertThat(ReplicationSource.problem("db.internal:5432")).get().asString().contains("is not an IPv4 address and a port");
        assertThat(ReplicationSource.problem("10.0.1.256:5432")).get().asString().contains("'256' is not an octet");
        assertThat(ReplicationSource.problem("10.0.01.5:5432")).get().asString().contains("'01' is not an octet");
        assertThat(ReplicationSource.problem("10.0.1.5:0")).contains("has port 0, outside 1 to 65535");
        assertThat(ReplicationSource.problem("10.0.1.5:65536")).contains("has port 65536, outside 1 to 65535");
        for (String wide : List.of("0.0.0.0:5432", "52.1.2.3:5432", "172.32.0.1:5432", "169.254.169.254:5432")) {
            assertThat(ReplicationSource.problem(wide)).as(wide).get().asString().contains("is not a private address");
        }
        for (String hostile : List.of("10.0.1.5:5432\"", "10.0.1.5:5432'; id", "10.0.1.5:5432;reboot",
                "10.0.1.5:$(id)", "10.0.1.5:5432\nprivileged: true", "10.0.1.5:5432 ", "[::1]:5432", "10.0.1.5:5432:5432")) {
            assertThat(ReplicationSource.problem(hostile)).as(hostile).isPresent();
            assertThatThrownBy(() -> ReplicationSource.parse(hostile)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(ReplicationSource.shown("10.0.1.5:5432\nprivileged: true")).isEqualTo("'10.0.1.5:5432\\nprivileged: true'");
    }

    /**
     * Hostile values, written in the plan as YAML would carry them (quotes, ;, $(), a newline, a second mapping key):
     * the load fails at the value's line and column, so no step ever sees them.
     */
    @Test
    void thePlanLoaderRefusesHostileValuesAtTheirLineAndColumn() throws Exception {
        Path fixture = Path.of("src/test/resources/plans/invalid/replication-source-not-an-address.yaml");
        String text = Files.readString(fixture);
        String written = "\"10.0.1.5:5432; docker run --privileged\"";
        Map<String, String> hostile = Map.of(
                "'10.0.1.5:5432\"'", "'10.0.1.5:5432\"'",
                "\"10.0.1.5:$(touch /tmp/x)\"", "'10.0.1.5:$(touch /tmp/x)'",
                "\"10.0.1.5:5432\\n    privileged: true\"", "'10.0.1.5:5432\\n    privileged: true'",
                "\"10.0.1.5:5432' && id #\"", "'10.0.1.5:5432' && id #'",
                "\"10.0.1.5:`id`\"", "'10.0.1.5:`id`'",
                "${env:SOURCE}", "'10.0.1.5:5432;\\nreboot'");
        hostile.forEach((value, shown) -> {
            PlanInvalidException e = org.assertj.core.api.Assertions.catchThrowableOfType(() -> new PlanLoader(
                    Map.of("SOURCE", "10.0.1.5:5432;\nreboot")).load(text.replace(written, value), fixture),
                    PlanInvalidException.class);
            assertThat(e).as(value).isNotNull();
            assertThat(e.problems()).as(value).singleElement().satisfies(p -> {
                assertThat(p.line() + ":" + p.column()).isEqualTo("54:26");
                assertThat(p.message()).startsWith("replicationSource " + shown + " of step 'move-database' ");
            });
        });
    }
}
