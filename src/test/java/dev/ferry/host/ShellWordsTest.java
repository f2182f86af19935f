package dev.ferry.host;

import dev.ferry.steps.RedashPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one quoting function against a real {@code sh}: every hostile value comes back as exactly one argument with
 * its exact text, placeholder-shaped or not; previews render placeholders bare, and a preview can never run.
 */
public class ShellWordsTest {
    /** Each tries to create {@code MARK}; a test replaces it with a path that must never appear. */
    static final List<String> HOSTILE = List.of("a;touch MARK", "$(touch MARK)", "`touch MARK`", "it's'; touch MARK; '",
            "say \"hi\"; touch MARK", "line\ntouch MARK\n", "<x;touch MARK #>", "/var/backups/ferry<x;touch MARK #>",
            "# comment\ntouch MARK", "-rf", "~root", "*", "a b", "", "back\\slash", "tab\there", "\u00e9t\u00e9", "'",
            "''\\''");

    @Test
    void everyHostileValueReachesTheCommandAsOneArgumentWithItsExactText(@TempDir Path dir) throws Exception {
        Path mark = dir.resolve("pwned");
        for (String hostile : HOSTILE) {
            String value = hostile.replace("MARK", mark.toString());
            assertThat(sh("printf '%s|' " + ShellWords.quote(value))).as(value).isEqualTo(value + "|");
            assertThat(sh("set -- " + ShellWords.quote(value) + "; printf '%s' \"$#:$1\"")).as(value)
                    .isEqualTo("1:" + value);
        }
        assertThat(mark).doesNotExist();
    }

    @Test
    void plainWordsStayAsTheyAreAndNothingElseDoes() {
        assertThat(ShellWords.quote("/opt/redash/docker-compose.yml")).isEqualTo("/opt/redash/docker-compose.yml");
        assertThat(ShellWords.quote("label=com.docker.compose.project=redash")).isEqualTo(
                "label=com.docker.compose.project=redash");
        assertThat(ShellWords.quote("<rds endpoint>")).isEqualTo("'<rds endpoint>'");
        assertThat(ShellWords.quote("it's")).isEqualTo("'it'\\''s'");
    }

    @Test
    void aNulByteIsRefusedNotPassed() {
        assertThatThrownBy(() -> ShellWords.quote("/srv/a\0b")).isInstanceOf(FerryException.class)
                .hasMessageContaining("\"/srv/a\\0b\" holds a NUL byte");
    }

    @Test
    void previewsShowPlaceholdersBareAndEverythingElseAsItRuns() {
        String dir = ShellWords.placeholder("postgres data dir");
        String stamp = ShellWords.placeholder("timestamp");
        assertThat(PreviewCommands.shown("du -sb -- " + ShellWords.quote(dir))).isEqualTo("du -sb -- <postgres data dir>");
        assertThat(PreviewCommands.shown("cat -- " + ShellWords.quote("/srv/x-" + stamp + ".sql")))
                .isEqualTo("cat -- /srv/x-<timestamp>.sql");
        String script = "rm -rf -- " + ShellWords.quote("/srv/my backups/" + stamp) + " && cp -a -- "
                + ShellWords.quote(dir) + " x; echo " + ShellWords.quote("it's");
        assertThat(PreviewCommands.shown("sudo -n sh -c " + ShellWords.quote(script))).isEqualTo(
                "sudo -n sh -c 'rm -rf -- '\\''/srv/my backups/<timestamp>'\\'' && cp -a -- <postgres data dir> x;"
                        + " echo '\\''it'\\''\\'\\'''\\''s'\\'''");
        String real = "sudo -n sh -c " + ShellWords.quote("rm -rf -- " + ShellWords.quote("<x;touch /tmp/PWN #>"));
        assertThat(PreviewCommands.shown(real)).as("a real value that looks like a placeholder stays quoted")
                .isEqualTo(real);
    }

    @Test
    void aCommandHoldingAPlaceholderNeverRuns() {
        String preview = "rm -rf -- " + ShellWords.quote(ShellWords.placeholder("data directory"));
        assertThatThrownBy(() -> ShellWords.runnable(preview)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rm -rf -- <data directory>");
        assertThat(ShellWords.runnable("rm -rf -- '<data directory>'")).isEqualTo("rm -rf -- '<data directory>'");
    }

    @Test
    void aServiceNameThatDockerComposeWouldReadAsAnOptionIsRefused() {
        ComposeCommands compose = ComposeCommands.preview(RedashPlan.plan().compose());
        assertThatThrownBy(() -> compose.remove(List.of("worker", "--volumes"))).isInstanceOf(FerryException.class)
                .hasMessageContaining("\"--volumes\" starts with '-'");
        assertThat(compose.stop(List.of("odd name;x"))).endsWith(" stop 'odd name;x'");
    }

    public static String sh(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }
}
