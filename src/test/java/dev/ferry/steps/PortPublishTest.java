package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import dev.ferry.host.ComposeFile;
import dev.ferry.plan.ReplicationSource;
import dev.ferry.step.RemoteShell.CommandResult;
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

    @Test
    void refusesAnAddressTheHostDoesNotHaveOrAPortSomethingListensOn() {
        String ip = "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n"
                + "2: ens5    inet 10.0.1.5/24 metric 100 brd 10.0.1.255 scope global dynamic ens5\\  valid_lft 3000sec\n"
                + "3: docker0    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\\ valid_lft forever\n";
        String ss = "State  Recv-Q Send-Q      Local Address:Port  Peer Address:PortProcess\n"
                + "LISTEN 0      4096            127.0.0.1:5432       0.0.0.0:*\n"
                + "LISTEN 0      128               0.0.0.0:22         0.0.0.0:*\n"
                + "LISTEN 0      50     [::ffff:10.0.1.5]:6543              *:*\n"
                + "LISTEN 0      511                  [::]:8080            [::]:*\n";
        CommandResult addresses = new CommandResult(0, ip, "");
        CommandResult listeners = new CommandResult(0, ss, "");
        assertThat(PortPublish.refuseUnlessFree(addresses, listeners, SOURCE)).as("127.0.0.1:5432 is another address")
                .isEmpty();
        assertThatThrownBy(() -> PortPublish.refuseUnlessFree(addresses, listeners, ReplicationSource.parse(
                "172.17.0.2:5432"))).isInstanceOf(FerryException.class)
                .hasMessageContaining("172.17.0.2 is not an address of the host (it has 127.0.0.1, 10.0.1.5, 172.17.0.1)")
                .hasMessageContaining("nothing was changed");
        for (String taken : new String[] {"10.0.1.5:22", "10.0.1.5:6543", "10.0.1.5:8080", "127.0.0.1:5432"}) {
            assertThatThrownBy(() -> PortPublish.refuseUnlessFree(addresses, listeners, ReplicationSource.parse(taken)))
                    .as(taken).isInstanceOf(FerryException.class).hasMessageContaining("already listens on")
                    .hasMessageContaining("so docker could not publish postgres at " + taken);
        }
        CommandResult missing = new CommandResult(127, "", "sh: ss: not found");
        assertThat(PortPublish.refuseUnlessFree(addresses, missing, SOURCE)).get().asString()
                .contains("did not run on the host", "left to docker at the restart");
    }
}
