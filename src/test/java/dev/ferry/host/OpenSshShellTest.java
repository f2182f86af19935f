package dev.ferry.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ferry's SSH shell against a real OpenSSH sshd. The in-process server kills a command when its channel closes;
 * OpenSSH does not, so this is where stopping a timed-out or cancelled command on the host is proven.
 */
class OpenSshShellTest {
    private static final Logger log = LoggerFactory.getLogger(OpenSshShellTest.class);
    private static final Duration SHORT = Duration.ofSeconds(20);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** The group gets SIGTERM; anything still alive gets SIGKILL after the grace. Both fit in this. */
    private static final Duration GONE_WITHIN = Duration.ofSeconds(3);
    private static OpenSshServer server;
    private static SshShell shell;

    @BeforeAll
    static void startServer() throws Exception {
        server = OpenSshServer.start(Files.createTempDirectory(Path.of("/tmp"), "ferry-openssh-test-"));
        shell = SshShell.open(server.sourceHost(), SshOptions.isolated());
    }

    @AfterAll
    static void stopServer() {
        if (shell != null) {
            shell.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void streamsBothStreamsAndTheExitCodeThroughRealSshd() {
        List<String> lines = new CopyOnWriteArrayList<>();
        CommandResult result = shell.run(RemoteCommand.of("echo one; echo two >&2; printf '%s\\n' \"it's\"; exit 3",
                SHORT), lines::add);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("one\nit's\n");
        assertThat(result.stderr()).isEqualTo("two\n");
        assertThat(lines).containsExactlyInAnyOrder("one", "two", "it's");
        assertThat(shell.run(RemoteCommand.of("cat; echo stdin closed", SHORT)).stdout()).isEqualTo("stdin closed\n");
        assertThat(shell.run(RemoteCommand.of("kill -s TERM $$", SHORT)).exitCode()).isEqualTo(128 + 15);
    }

    @Test
    void aFileBeingWrittenOverSftpIsNeverReadableByOthers() throws Exception {
        Path directory = Files.createTempDirectory(Path.of("/tmp"), "ferry-openssh-write-");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        String env = directory.resolve("env").toString();
        String content = "REDASH_SECRET_KEY=" + "s".repeat(16 << 20) + "\n";
        TemporaryFileWatch watch = new TemporaryFileWatch(directory, "env");
        watch.start();
        try {
            shell.writeFile(env, content);
        } finally {
            watch.stop();
        }
        assertThat(watch.seen()).as("the temporary file was seen while written").isPositive();
        assertThat(watch.exposed()).as("readable by others while written").isEmpty();
        assertThat(Files.size(Path.of(env))).isEqualTo(content.length());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(env)))).isEqualTo("rw-------");
        try (var entries = Files.list(directory)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("env");
        }
    }

    @Test
    void aTimedOutCommandIsKilledOnTheHost() throws Exception {
        // In the command's group: the shell running the command, and sleep.
        timesOutAndLeavesNothing(2, sleep -> sleep);
    }

    @Test
    void aTimedOutPipelineIsKilledOnTheHostWithEveryProgramInIt() throws Exception {
        // The shell running the command, the pipeline's shell, sleep and cat.
        timesOutAndLeavesNothing(4, sleep -> "sh -c '" + sleep + " | cat'");
    }

    @Test
    void aCommandThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        String sleep = uniqueSleep();
        String command = "trap '' TERM; " + sleep + " # " + marker;
        try {
            assertThatThrownBy(() -> shell.run(RemoteCommand.of(command, TIMEOUT)))
                    .hasMessageContaining("did not finish within 2 s; ferry stopped it on the host (SIGTERM to its"
                            + " process group, SIGKILL after 5 s)");
            Set<Long> left = HostProcesses.matching(marker, sleep);
            assertThat(left).as("left on the host: " + HostProcesses.describe(left)).isEmpty();
        } finally {
            HostProcesses.killMatching(marker, sleep);
        }
    }

    @Test
    void aCancelledCommandIsKilledOnTheHost() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        String sleep = uniqueSleep();
        String command = "sh -c '" + sleep + " | cat' # " + marker;
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread runner = new Thread(() -> {
            try {
                shell.run(RemoteCommand.of(command, SHORT));
                failure.complete(null);
            } catch (Throwable e) {
                failure.complete(e);
            }
        });
        runner.start();
        try {
            cancels(runner, command, failure, sleep, marker);
        } finally {
            runner.interrupt();
            HostProcesses.killMatching(marker, sleep);
        }
    }

    private static void cancels(Thread runner, String command, CompletableFuture<Throwable> failure, String sleep,
                                String marker) throws Exception {
        Set<Long> running = HostProcesses.awaitCommand(sleep, 4, Duration.ofSeconds(10));
        assertThat(running).as(HostProcesses.describe(running)).hasSize(5);
        long cancelled = System.nanoTime();
        runner.interrupt();
        assertThat(failure.get()).isInstanceOfSatisfying(FerryException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED))
                .hasMessage("cancelled `" + command + "`; ferry stopped it on the host (SIGTERM to its process group)");
        assertThat(HostProcesses.awaitGone(running, GONE_WITHIN)).as("left on the host").isEmpty();
        assertThat(HostProcesses.matching(marker, sleep)).as("left on the host").isEmpty();
        log.info("cancel to no process left on real OpenSSH: {} ms", (System.nanoTime() - cancelled) / 1_000_000);
    }

    private static void timesOutAndLeavesNothing(int members, UnaryOperator<String> program) throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        String sleep = uniqueSleep();
        try {
            timesOutAndLeavesNothing(members, program.apply(sleep) + " # " + marker, sleep, marker);
        } finally {
            HostProcesses.killMatching(marker, sleep);
        }
    }

    private static void timesOutAndLeavesNothing(int members, String command, String sleep, String marker)
            throws Exception {
        CompletableFuture<Set<Long>> running = CompletableFuture.supplyAsync(() -> {
            try {
                return HostProcesses.awaitCommand(sleep, members, TIMEOUT);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> shell.run(RemoteCommand.of(command, TIMEOUT)))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STEP_FAILED))
                .hasMessage("`" + command + "` did not finish within 2 s; ferry stopped it on the host (SIGTERM to its"
                        + " process group). Check what it was doing there, then resume (or raise the step's timeout)");
        long thrown = System.nanoTime();
        Set<Long> seen = running.get();
        assertThat(seen).as(HostProcesses.describe(seen)).hasSize(members + 1);
        Set<Long> left = HostProcesses.awaitGone(seen, GONE_WITHIN);
        long gone = System.nanoTime();
        assertThat(left).as("left on the host").isEmpty();
        assertThat(HostProcesses.matching(marker, sleep)).as("left on the host").isEmpty();
        log.info("timeout to no process left on real OpenSSH ({}): {} ms after the {} timeout, {} ms after run() threw",
                command, (gone - start) / 1_000_000 - TIMEOUT.toMillis(), ChannelExecution.human(TIMEOUT),
                (gone - thrown) / 1_000_000);
    }

    /** A sleep no other process on this machine runs, so its command line finds it. */
    private static String uniqueSleep() {
        return "sleep " + (300_000 + ThreadLocalRandom.current().nextLong(100_000));
    }
}
