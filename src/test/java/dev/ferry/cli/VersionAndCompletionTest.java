package dev.ferry.cli;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --version} names the version and the commit; {@code ferry completion} scripts load in real shells. */
class VersionAndCompletionTest {
    private static final String VERSION_LINE = "ferry \\S+ \\(commit ([0-9a-f]{7,40}|unknown)\\)";

    @TempDir
    Path dir;

    @Test
    void versionNamesTheBuildAndTheCommitItWasBuiltFrom() throws Exception {
        for (String args : List.of("--version", "-V", "plan --version", "state push --version")) {
            Result result = ferry(Wiring.real(), args.split(" "));
            assertThat(result.code()).as(args + ": " + result.err()).isZero();
            assertThat(result.out().strip()).as(args).matches(VERSION_LINE).doesNotContain("dev");
        }
        String commit = ferry(Wiring.real(), "--version").out().replaceAll("(?s).*\\(commit (\\w+)\\).*", "$1");
        Run head = run(Path.of("").toAbsolutePath(), "git", "rev-parse", "HEAD");
        if (head.code() != 0) {
            assertThat(commit).as("not a git checkout, so the build says").isEqualTo("unknown");
            return;
        }
        assertThat(head.out().strip()).as("git HEAD").startsWith(commit);
    }

    @Test
    void aBuildOutsideGitSaysCommitUnknown() {
        Properties unfilled = new Properties();
        unfilled.setProperty("version", "0.1.0");
        unfilled.setProperty("commit", "${git.commit.id.abbrev}");
        assertThat(Version.line(unfilled)).isEqualTo("ferry 0.1.0 (commit unknown)");
        unfilled.remove("commit");
        assertThat(Version.line(unfilled)).isEqualTo("ferry 0.1.0 (commit unknown)");
        unfilled.setProperty("commit", "abc1234");
        assertThat(Version.line(unfilled)).isEqualTo("ferry 0.1.0 (commit abc1234)");
    }

    @Test
    void bashCompletesCommandsSubcommandsAndValues() throws Exception {
        Path script = script("bash");
        assertThat(run(dir, "bash", "-n", script.toString()).code()).as("bash -n").isZero();
        assertThat(complete(script, "ferry pl")).isEqualTo("plan");
        assertThat(complete(script, "ferry state p")).isEqualTo("push pull");
        assertThat(complete(script, "ferry completion ")).isEqualTo("bash zsh");
        assertThat(complete(script, "ferry plan --state")).isEqualTo("--state-dir");
        for (String command : HelpEverywhereTest.commands()) {
            String function = "_picocli_ferry_" + command.replace(' ', '_');
            Run declared = run(dir, "bash", "--norc", "-c", "source " + script + " && declare -F " + function);
            assertThat(declared.code()).as(function + " is defined").isZero();
        }
    }

    @Test
    void zshScriptLoadsBashCompletionThroughBashcompinit() throws Exception {
        Path script = script("zsh");
        String text = Files.readString(script);
        assertThat(text).contains("autoload -U +X bashcompinit && bashcompinit", "complete -F _complete_ferry");
        assertThat(run(dir, "sh", "-c", "command -v zsh").code()).as("zsh is needed for this test: apt-get install -y"
                + " zsh (.ci/run installs it)").isZero();
        assertThat(run(dir, "zsh", "-n", script.toString()).code()).as("zsh -n").isZero();
        Run loaded = run(dir, "env", "HOME=" + dir, "zsh", "-f", "-c", "source " + script + "; print -r -- ${_comps[ferry]}");
        assertThat(loaded.out()).as(loaded.err()).contains("_complete_ferry");
    }

    @Test
    void completionHelpSaysHowToInstall() {
        Result result = ferry(Wiring.real(), "completion", "--help");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("ferry completion bash >", "~/.bashrc", "ferry completion zsh >", "~/.zshrc");
    }

    private Path script(String shell) throws IOException {
        Result result = ferry(Wiring.real(), "completion", shell);
        assertThat(result.code()).as(result.err()).isZero();
        return Files.writeString(dir.resolve("ferry." + shell), result.out());
    }

    /** What the completion function offers for {@code line} typed at a real bash prompt, the cursor at its end. */
    private String complete(Path script, String line) throws Exception {
        String words = line.endsWith(" ") ? line + "''" : line;
        Run run = run(dir, "bash", "--norc", "-c", "source " + script + "; COMP_LINE='" + line + "'; COMP_WORDS=("
                + words + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_POINT=${#COMP_LINE}; _complete_ferry;"
                + " echo \"${COMPREPLY[*]}\"");
        assertThat(run.code()).as(run.err()).isZero();
        return run.out().strip();
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(Path where, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(where.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not end within 30 s");
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
