package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How progress looks: timestamped lines off a terminal, one rewritten status line on it, NO_COLOR, LANG=C. */
class ProgressSinkTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final MovableClock clock = new MovableClock();

    private ProgressSink sink(ProgressStyle style, Duration interval) {
        return new ProgressSink(new PrintStream(bytes, true, StandardCharsets.UTF_8), style, clock, interval);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void offATerminalEveryLineHasTheTimeAndElapsedAndStatusesAreThrottled() {
        ProgressSink sink = sink(ProgressStyle.plain(), Duration.ofSeconds(10));
        sink.enter("move-database/copy-data");
        clock.advance(Duration.ofSeconds(80));
        sink.report("copying 3 tables");
        sink.status("copying public.a 1 MB");
        clock.advance(Duration.ofSeconds(3));
        sink.status("copying public.a 2 MB"); // within 10 s: not printed
        clock.advance(Duration.ofSeconds(8));
        sink.status("copying public.a 9 MB");
        sink.say("step cutover: switch");
        assertThat(printed().lines()).containsExactly(
                "00:01:20 +1m20s move-database/copy-data: copying 3 tables",
                "00:01:20 +1m20s move-database/copy-data: copying public.a 1 MB",
                "00:01:31 +1m31s move-database/copy-data: copying public.a 9 MB",
                "00:01:31 +1m31s step cutover: switch");
        assertThat(printed()).doesNotContain("\033[").doesNotContain("\r");
    }

    @Test
    void onATerminalTheStatusLineIsRewrittenInPlaceWithColourAndLinesScrollAboveIt() {
        ProgressStyle style = ProgressStyle.detect(Map.of("TERM", "xterm-256color", "LANG", "en_US.UTF-8"), true);
        assertThat(style.terminal()).isTrue();
        assertThat(style.colour()).isTrue();
        ProgressSink sink = sink(style, Duration.ofSeconds(10));
        sink.enter("provision/create-db");
        clock.advance(Duration.ofSeconds(5));
        sink.status("waiting for RDS DB instance x: creating (5s elapsed)");
        sink.status("waiting for RDS DB instance x: backing-up (5s elapsed)");
        sink.report("created → ready");
        sink.finish();
        String out = printed();
        assertThat(out).contains("\r\033[K").contains("\033[1m") // bold
                .contains("provision/create-db 5s  waiting for RDS DB instance x: backing-up")
                .contains("provision/create-db: created → ready\n");
        assertThat(out.lines().filter(l -> l.contains("created")).count()).isOne();
        assertThat(out).endsWith("\r\033[K");
    }

    @Test
    void noColourKeepsTheStatusLineButDropsTheEscapesForColour() {
        ProgressStyle style = ProgressStyle.detect(Map.of("TERM", "xterm", "NO_COLOR", "1", "LANG", "en_US.UTF-8"), true);
        assertThat(style.colour()).isFalse();
        ProgressSink sink = sink(style, Duration.ofSeconds(10));
        sink.enter("provision");
        sink.status("waiting");
        assertThat(printed()).contains("\r\033[K").doesNotContain("\033[1m").contains("provision 0s  waiting");
    }

    @Test
    void aLocaleWithoutUtf8GetsAsciiOnly() {
        ProgressStyle c = ProgressStyle.detect(Map.of("TERM", "xterm", "LANG", "C"), true);
        assertThat(c.unicode()).isFalse();
        ProgressSink sink = sink(c, Duration.ofSeconds(10));
        sink.enter("cutover");
        sink.report("✗ old → new ← back");
        sink.status("50% … done");
        assertThat(printed()).contains("x old -> new <- back").contains("50% ... done").contains("> cutover");
        assertThat(printed().chars()).allMatch(ch -> ch < 128);
        assertThat(ProgressStyle.utf8(Map.of("LC_ALL", "C", "LANG", "en_US.UTF-8"))).isFalse();
        assertThat(ProgressStyle.utf8(Map.of("LC_CTYPE", "de_DE.utf8"))).isTrue();
        assertThat(ProgressStyle.utf8(Map.of())).isFalse();
        assertThat(ProgressStyle.detect(Map.of("TERM", "xterm", "LANG", "en_US.UTF-8"), true, "ANSI_X3.4-1968").unicode())
                .as("a UTF-8 locale the JVM could not load").isFalse();
    }

    @Test
    void aDumbTerminalOrNoConsoleGetsLines() {
        assertThat(ProgressStyle.detect(Map.of("TERM", "dumb"), true).terminal()).isFalse();
        assertThat(ProgressStyle.detect(Map.of("TERM", "xterm"), false).terminal()).isFalse();
        assertThat(ProgressStyle.detect(Map.of(), true).terminal()).isFalse();
    }

    @Test
    void aPasswordInAUrlNeverReachesTheOperator() {
        ProgressSink sink = sink(ProgressStyle.plain(), Duration.ZERO);
        sink.report("moving postgresql://app:hunter22@db/x");
        sink.status("to postgresql://app:hunter22@rds/x");
        assertThat(printed()).doesNotContain("hunter22").contains("app:****@db");
    }

    @Test
    void theStatusLineIsCutToTheTerminalWidth() {
        ProgressStyle style = new ProgressStyle(true, false, true, 40);
        assertThat(style.statusLine("move-database/copy-data", "1m", "x".repeat(100))).hasSize(39).endsWith("…");
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
