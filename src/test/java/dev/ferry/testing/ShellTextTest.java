package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The test oracle for shell text finds a live marker at every nesting level ferry uses, and only there. */
class ShellTextTest {
    private static final String M = "ferry-pwn-m";

    private static boolean live(String script) {
        return !ShellText.liveOccurrences(script, M).isEmpty();
    }

    @Test
    void findsWhatTheShellWouldRun() {
        assertThat(live("sudo -n du -sb -- /var/backups/ferry<x;touch /tmp/" + M + " #>")).isTrue();
        assertThat(live("sudo -n sh -c 'rm -rf -- /x;touch /tmp/" + M + "'")).as("inside sh -c").isTrue();
        assertThat(live("docker inspect \"$(docker compose -f /x;touch /tmp/" + M + " ps -q db)\"")).isTrue();
        assertThat(live("printf '%s' `touch /tmp/" + M + "`")).isTrue();
        assertThat(live("test -w /x\ntouch /tmp/" + M)).isTrue();
    }

    @Test
    void leavesWhatTheShellReadsAsText() {
        assertThat(live("sudo -n du -sb -- '/var/backups/ferry<x;touch /tmp/" + M + " #>'")).isFalse();
        assertThat(live("sudo -n sh -c 'rm -rf -- '\\''/x;touch /tmp/" + M + "'\\'''")).isFalse();
        assertThat(live("docker inspect \"$(docker compose -f '/x;touch /tmp/" + M + "' ps -q db)\"")).isFalse();
        assertThat(live("echo \"a; touch /tmp/" + M + "\"")).isFalse();
        assertThat(live("echo ok  # touch /tmp/" + M)).isFalse();
        assertThat(live("cat -- /x\\;touch\\ " + ("/tmp/" + M).replaceAll("(.)", "\\\\$1"))).as("escaped").isFalse();
    }
}
