package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's two set-up commands, exactly as written: the first is run with {@code sh -c} in a fresh copy of the
 * repository (the files git knows, no build output), from its root, relative paths and all; the second is what
 * {@code .ci/run} runs, which is how it is exercised (it cannot run itself). A green suite that the README's own
 * commands contradict is a broken release: the demo once failed from the repository root on a relative class path.
 */
class ReadmeCommandsIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void theReadmesFirstCommandRunsTheDemoOnAFreshCopyFromItsRoot() throws Exception {
        List<String> commands = setUpCommands();
        Path copy = freshCopy();
        try {
            Path log = copy.resolve("readme-command.log");
            long t0 = System.nanoTime();
            Process process = new ProcessBuilder("sh", "-c", commands.get(0)).directory(copy.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = process.waitFor(15, TimeUnit.MINUTES);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            String output = Files.readString(log);
            System.out.printf("README command 1 (`%s`) in a fresh copy: exit %s in %d s%n", commands.get(0),
                    ended ? process.exitValue() : "none (killed after 15 min)", (System.nanoTime() - t0) / 1_000_000_000);
            assertThat(ended).as("ended within 15 minutes; it said:\n" + output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("jobs lost: 0 (", "seconds with two schedulers: 0.0",
                    "failed requests during cutover: 0");
            for (String step : List.of("upgrade-local-postgres", "provision", "move-database", "repoint-redis",
                    "start-fargate-workers", "handoff-scheduler", "verify-temporary-domain", "cutover-server",
                    "decommission")) {
                assertThat(output).as(step).containsPattern("(?m)^" + step + " +applied ");
            }
        } finally {
            delete(copy);
        }
    }

    @Test
    void theReadmesSecondCommandIsExactlyWhatCiRuns() throws IOException {
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ci.get(ci.size() - 1)).as(".ci/run's last command").isEqualTo(setUpCommands().get(1));
    }

    /** The sh blocks under "Set up on a fresh machine": exactly two, one command each. */
    static List<String> setUpCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("## Set up on a fresh machine");
        assertThat(start).as("README has a set-up section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 3);
        Matcher blocks = Pattern.compile("```sh\n(.*?)\n```", Pattern.DOTALL)
                .matcher(readme.substring(start, end < 0 ? readme.length() : end));
        List<String> commands = new ArrayList<>();
        while (blocks.find()) {
            commands.add(blocks.group(1).strip());
        }
        assertThat(commands).as("the set-up section's commands").hasSize(2).allMatch(c -> !c.contains("\n"));
        return commands;
    }

    /** The files git tracks (and new ones it does not ignore), as in a fresh clone: no target/, no .ferry/. */
    private static Path freshCopy() throws Exception {
        Process list = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                .directory(ROOT.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String files = new String(list.getInputStream().readAllBytes());
        assertThat(list.waitFor()).as("git ls-files in " + ROOT).isZero();
        Path copy = Files.createTempDirectory(Path.of("/tmp"), "ferry-readme-");
        for (String file : files.split("\0")) {
            Path source = ROOT.resolve(file);
            if (file.isEmpty() || !Files.isRegularFile(source)) {
                continue;
            }
            Path target = copy.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return copy;
    }

    private static void delete(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
