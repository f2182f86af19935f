package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import dev.ferry.host.ComposeFile;
import dev.ferry.plan.ReplicationSource;
import org.junit.jupiter.api.Test;

/** What upgrade-local-postgres decides to publish for a replicationSource (pure logic; the sandbox test runs it). */
class PortPublishTest {
    private static final ReplicationSource SOURCE = ReplicationSource.parse("10.0.1.5:5432");
    private static final String BASE = "services:\n  web:\n    image: app\n    ports:\n      - \"80:80\"\n"
            + "  postgres:\n    image: postgres:12\n";

    private static PortPublish.Decision decide(String postgresPorts) {
        return PortPublish.decide(ComposeFile.parse(BASE + postgresPorts), "postgres", SOURCE);
    }

    @Test
    void addsTheEntryWhenNothingPublishesIt() {
        PortPublish.Decision none = decide("");
        assertThat(none.entry()).isEqualTo("10.0.1.5:5432:5432");
        assertThat(none.expectedIp()).isEqualTo("10.0.1.5");
        assertThat(none.news()).contains("gets ports entry \"10.0.1.5:5432:5432\" (5432 at 10.0.1.5:5432 only)");
    }

    @Test
    void addsNothingWhenAlreadyPublishedThereOrOnEveryAddressAtThatPort() {
        PortPublish.Decision exact = decide("    ports:\n      - 10.0.1.5:5432:5432/tcp\n");
        assertThat(exact.entry()).isEmpty();
        assertThat(exact.news()).contains("already publishes 5432 at 10.0.1.5:5432");
        PortPublish.Decision every = decide("    ports: [\"5432:5432\"]\n");
        assertThat(every.entry()).as("every address includes it; ferry neither adds nor narrows").isEmpty();
        assertThat(every.expectedIp()).isEqualTo("0.0.0.0");
        assertThat(every.news()).contains("on every address", "change that entry to \"10.0.1.5:5432:5432\" by hand");
    }

    @Test
    void keepsAnotherPublishOfPostgresAndAddsBesideIt() {
        PortPublish.Decision loopback = decide("    ports:\n      - \"127.0.0.1:5432:5432\"\n");
        assertThat(loopback.entry()).isEqualTo("10.0.1.5:5432:5432");
        assertThat(loopback.news()).contains("its other publish of 5432", "127.0.0.1:5432->5432/tcp", "stays as it is");
        PortPublish.Decision otherPort = decide("    ports:\n      - \"15432:5432\"\n");
        assertThat(otherPort.entry()).isEqualTo("10.0.1.5:5432:5432");
        assertThat(otherPort.news()).contains("every address (0.0.0.0):15432->5432/tcp");
    }

    @Test
    void refusesATakenPortOrPortsItCannotRead() {
        String taken = "services:\n  web:\n    image: app\n    ports:\n      - \"5432:8080\"\n  postgres:\n"
                + "    image: postgres:12\n";
        assertThatThrownBy(() -> PortPublish.decide(ComposeFile.parse(taken), "postgres", SOURCE))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("port 5432 at 10.0.1.5 is already published by web")
                .hasMessageContaining("nothing was changed");
        for (String unread : new String[] {"    ports:\n      - target: 5432\n        published: 5432\n",
                "    ports:\n      - \"${PG}:5432\"\n"}) {
            assertThatThrownBy(() -> decide(unread)).as(unread).isInstanceOf(FerryException.class)
                    .hasMessageContaining("ferry cannot tell what service postgres publishes")
                    .hasMessageContaining("Add `- \"10.0.1.5:5432:5432\"` to its ports by hand");
        }
    }
}
