package dev.ferry.sandbox.host;

import dev.ferry.sandbox.app.ChildJvm;
import dev.ferry.sandbox.app.ClassArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The sandbox's own files under {@code <root>/.sandbox}: the {@code docker} script, keys, named volumes and the list
 * of compose projects (so {@link SandboxHost#close()} can stop what separate {@code docker} processes started).
 */
record SandboxLayout(Path root, Path home, Class<? extends AppProcessLauncher> appLauncher) {
    static final String HOME_VARIABLE = "FERRY_SANDBOX_HOME";
    static final String ROOT_VARIABLE = "FERRY_SANDBOX_ROOT";
    static final String LAUNCHER_VARIABLE = "FERRY_SANDBOX_APP_LAUNCHER";
    static final String MOUNT_SOURCES = "inspect-mount-sources.properties";

    static SandboxLayout create(Path root, Class<? extends AppProcessLauncher> appLauncher) {
        SandboxLayout layout = new SandboxLayout(root, root.resolve(".sandbox"), appLauncher);
        try {
            Files.createDirectories(layout.home().resolve("bin"));
            requireTraversable(root);
            layout.writeDockerScript();
            layout.writeSudoScript();
            layout.writeDfScript();
            layout.writeTouchScript();
            return layout;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the sandbox host in " + root, e);
        }
    }

    Map<String, String> environment(String user) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", home.resolve("bin") + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", root.resolve("home").resolve(user).toString());
        env.put("USER", user);
        env.put("LOGNAME", user);
        env.put("LANG", "C.UTF-8");
        env.put("SHELL", "/bin/sh");
        env.put(HOME_VARIABLE, home.toString());
        env.put(ROOT_VARIABLE, root.toString());
        env.put(LAUNCHER_VARIABLE, appLauncher.getName());
        return env;
    }

    /** The stand-in's logging: warnings only, whatever logback configuration is on the class path. */
    private static final String QUIET_LOGGING = "dev/ferry/sandbox/host/quiet-logback.xml";

    /** The docker stand-in's JVM flags, the same for the class archive's dump and for every call. */
    private static final List<String> DOCKER_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto", "-XX:-UsePerfData", "-Dlogback.configurationFile=" + QUIET_LOGGING);

    /**
     * A fresh JVM per {@code docker} call gives real process semantics: exit codes, stdio, pipes, signals. Once the
     * class archive is dumped (in the background, a second or so after the sandbox starts), each call maps its classes
     * from it instead of loading them: about 40 % less CPU per call.
     */
    private void writeDockerScript() throws IOException {
        String java = ChildJvm.javaBinary();
        String postgresBinaries = Optional.ofNullable(System.getProperty("ferry.postgres.binaries"))
                .map(p -> Path.of(p).toAbsolutePath().toString()).orElse("");
        List<String> flags = new java.util.ArrayList<>(DOCKER_JVM);
        if (!postgresBinaries.isEmpty()) {
            flags.add("-Dferry.postgres.binaries=" + postgresBinaries);
        }
        String jvm = "'" + java + "' " + flags.stream().map(f -> "'" + f + "'").collect(Collectors.joining(" "));
        String main = DockerStandIn.class.getName();
        ClassArchive archive = ClassArchive.shared();
        String script = "#!/bin/sh\n"
                + "# docker stand-in of the ferry sandbox: compose services run as local processes\n"
                // ferry asks this before each action's compose commands; the real CLI answers in milliseconds
                + "if [ $# -eq 2 ] && [ \"$1\" = compose ] && [ \"$2\" = version ]; then\n"
                + "  echo 'Docker Compose version v" + DockerStandIn.VERSION + "'; exit 0\n"
                + "fi\n"
                + archive.environment().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> "export " + e.getKey() + "='" + e.getValue() + "'\n").collect(Collectors.joining())
                + "if [ -r '" + archive.file(main) + "' ]; then\n"
                + "  exec " + jvm + " '-XX:SharedArchiveFile=" + archive.file(main) + "' -cp '" + archive.classPath()
                + "' " + main + " \"$@\"\n"
                + "fi\n"
                + "exec " + jvm + " -cp '" + ChildJvm.classPath() + "' " + main + " \"$@\"\n";
        Path docker = home.resolve("bin/docker");
        Files.writeString(docker, script);
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (archive.claimDump(main)) {
            dumpDockerArchive(archive, flags, main);
        }
    }

    /** One representative call (ps of a small project: YAML, JSON, the state) in a scratch home of its own. */
    private static void dumpDockerArchive(ClassArchive archive, List<String> flags, String main) throws IOException {
        Path scratch = Files.createDirectories(archive.file(main).resolveSibling("dump-home"));
        Files.writeString(scratch.resolve("docker-compose.yml"), "services:\n  app:\n    image: redash/redash:10\n"
                + "    command: server\n    environment:\n      A: \"1\"\n");
        archive.dumpInBackground(flags, main, List.of("compose", "-f", "docker-compose.yml", "ps", "-a"),
                Map.of(HOME_VARIABLE, scratch.toString()), scratch);
    }

    /** The sandbox's login user already owns everything it may touch, so {@code sudo -n CMD} just runs CMD. */
    private void writeSudoScript() throws IOException {
        String script = "#!/bin/sh\n"
                + "# sudo stand-in of the ferry sandbox: accepts -n, then runs the command as the login user\n"
                + "[ \"$1\" = -n ] && shift\n"
                + "exec \"$@\"\n";
        Path sudo = home.resolve("bin/sudo");
        Files.writeString(sudo, script);
        Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Where {@link SandboxHost#limitFreeSpace} keeps the free bytes every filesystem reports (absent: the truth). */
    Path freeSpaceKnob() {
        return home.resolve("disk-free-bytes");
    }

    /**
     * The real {@code df}, with the Available column capped by {@link #freeSpaceKnob()} in outputs whose header names
     * the block size ({@code -P}, {@code -B N}): a host whose disks are almost full, without filling this machine's.
     */
    private void writeDfScript() throws IOException {
        String real = realCommand("df");
        String script = "#!/bin/sh\n"
                + "# df stand-in of the ferry sandbox: the real df, Available capped by " + freeSpaceKnob() + "\n"
                + "limit=$(cat '" + freeSpaceKnob() + "' 2>/dev/null)\n"
                + "[ -n \"$limit\" ] || exec '" + real + "' \"$@\"\n"
                + "out=$('" + real + "' \"$@\"); rc=$?\n"
                + "printf '%s\\n' \"$out\" | awk -v limit=\"$limit\" 'NR == 1 { unit = ($2 ~ /^[0-9]+-blocks$/) ? $2 + 0 : 0;"
                + " print; next } unit > 0 && $4 + 0 > int(limit / unit) { $4 = int(limit / unit) } { print }'\n"
                + "exit $rc\n";
        Path df = home.resolve("bin/df");
        Files.writeString(df, script);
        Files.setPosixFilePermissions(df, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Where the {@code touch} stand-in notes its calls, one line of arguments each. */
    Path touchLog() {
        return home.resolve("touch.log");
    }

    /** {@code destination=source} pairs {@code docker inspect} reports as mount sources instead of the real ones. */
    Path mountSourcesKnob() {
        return home.resolve(MOUNT_SOURCES);
    }

    /**
     * The real {@code touch}, noting every call first: a tripwire for tests that feed hostile values through ferry
     * (each tries to {@code touch} a marker) and assert that no command on the host ever ran one.
     */
    private void writeTouchScript() throws IOException {
        String script = "#!/bin/sh\n"
                + "# touch stand-in of the ferry sandbox: notes every call in " + touchLog() + ", then touches\n"
                + "printf '%s\\n' \"$*\" >> '" + touchLog() + "'\n"
                + "exec '" + realCommand("touch") + "' \"$@\"\n";
        Path touch = home.resolve("bin/touch");
        Files.writeString(touch, script);
        Files.setPosixFilePermissions(touch, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String realCommand(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        throw new IllegalStateException("no " + name + " in /usr/bin or /bin");
    }

    private static void requireTraversable(Path root) throws IOException {
        for (Path p = root; p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                if (p.equals(root)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    throw new IllegalArgumentException("the sandbox root " + root + " must be world-traversable so"
                            + " PostgreSQL (run as nobody) can reach its data, but " + p + " is not; use a directory"
                            + " under /tmp made with Files.createTempDirectory(Path.of(\"/tmp\"), ...)");
                }
            }
        }
    }
}
