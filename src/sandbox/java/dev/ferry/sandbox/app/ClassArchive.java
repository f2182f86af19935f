package dev.ferry.sandbox.app;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class-data sharing (a dynamic AppCDS archive) for one kind of sandbox child JVM. Every {@code docker} call on the
 * sandbox host starts a JVM that spends most of its CPU loading and verifying the same few thousand classes (the real
 * docker CLI is a native binary that starts in milliseconds); with the archive it maps them ready-made. The JDK takes
 * an archive only with a class path of jars, so the directories on this JVM's class path ({@code target/classes} in a
 * build) are jarred next to it. The archive is dumped once, in the background, by running the child's main class
 * once; until it is there (or if dumping fails) children start without it, so it only ever saves time.
 */
public final class ClassArchive {
    private static final Logger LOG = LoggerFactory.getLogger(ClassArchive.class);

    private final Path directory;
    private final String classPath;
    private final java.util.Set<String> dumpsStarted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private ClassArchive(Path directory, String classPath) {
        this.directory = directory;
        this.classPath = classPath;
    }

    private static final String DIRECTORY_VARIABLE = "FERRY_CLASS_ARCHIVE";
    private static final String CLASS_PATH_VARIABLE = "FERRY_CLASS_ARCHIVE_CP";
    private static ClassArchive shared;

    /**
     * One archive directory for every sandbox this JVM starts (a test fork starts dozens, all with the same class
     * path), deleted when the JVM exits: each kind of child is jarred and dumped once, not once per sandbox.
     */
    public static synchronized ClassArchive shared() {
        if (shared == null) {
            try {
                Path directory = Files.createTempDirectory("ferry-class-archive-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory), "class-archive-cleanup"));
                shared = in(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a directory for the class archive", e);
            }
        }
        return shared;
    }

    /** The archive named by {@link #environment()} when this JVM's parent set it (a docker call), else {@link #shared}. */
    public static ClassArchive inherited() {
        String directory = System.getenv(DIRECTORY_VARIABLE);
        String classPath = System.getenv(CLASS_PATH_VARIABLE);
        return directory != null && classPath != null ? new ClassArchive(Path.of(directory), classPath) : shared();
    }

    /** What a child JVM needs to find this archive with {@link #inherited}. */
    public Map<String, String> environment() {
        return Map.of(DIRECTORY_VARIABLE, directory.toString(), CLASS_PATH_VARIABLE, classPath);
    }

    /**
     * How to start a child running {@code mainClass}: mapping its archive once there is one; else, for the first to
     * ask, dumping one when that child exits (a stand-in app ends on SIGTERM, which runs the dump), or plainly. A
     * dump whose child has gone is moved into place by the next to ask; a child killed mid-dump leaves a file the
     * JVM refuses to map, which only means no archive.
     */
    public Child child(String mainClass) {
        Path archive = file(mainClass);
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        Path claim = archive.resolveSibling(archive.getFileName() + ".claim");
        if (!Files.exists(archive) && Files.exists(partial) && dumperGone(claim)) {
            try {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another launcher moved it first
            }
        }
        if (Files.exists(archive)) {
            return new Child(List.of("-XX:SharedArchiveFile=" + archive), classPath, null);
        }
        try {
            Files.createFile(claim);
            return new Child(List.of("-XX:ArchiveClassesAtExit=" + partial), classPath, claim);
        } catch (IOException claimed) {
            return new Child(List.of(), classPath, null);
        }
    }

    /** JVM flags and class path for one child; {@link #started} records who dumps, if this one does. */
    public record Child(List<String> flags, String classPath, Path claim) {
        public void started(long pid) {
            if (claim != null) {
                try {
                    Files.writeString(claim, Long.toString(pid));
                } catch (IOException e) {
                    LOG.warn("cannot record the class archive's dumping process in {}: {}", claim, e.getMessage());
                }
            }
        }
    }

    private static boolean dumperGone(Path claim) {
        try {
            String pid = Files.readString(claim).strip();
            return !pid.isEmpty() && ProcessHandle.of(Long.parseLong(pid)).map(h -> !h.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** True the first time only, for each main class: whoever gets true dumps that class's archive. */
    public boolean claimDump(String mainClass) {
        return dumpsStarted.add(mainClass);
    }

    private static void delete(Path directory) {
        try (Stream<Path> tree = Files.walk(directory)) {
            tree.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the JVM is exiting; a temporary directory left behind is all that happens
        }
    }

    /** Jars the class path's directories into {@code directory}; the archive files go there too. */
    public static ClassArchive in(Path directory) {
        try {
            Files.createDirectories(directory);
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String entry : ChildJvm.classPath().split(File.pathSeparator)) {
                Path path = Path.of(entry);
                if (Files.isDirectory(path)) {
                    Path jar = directory.resolve("classes-" + n++ + ".jar");
                    jar(path, jar);
                    entries.add(jar.toString());
                } else if (Files.isRegularFile(path)) {
                    entries.add(entry);
                }
            }
            return new ClassArchive(directory, String.join(File.pathSeparator, entries));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the class archive in " + directory, e);
        }
    }

    /** The class path an archive of this instance is dumped with, and must be used with. */
    public String classPath() {
        return classPath;
    }

    /** Where the archive for children running {@code mainClass} is, once dumped. */
    public Path file(String mainClass) {
        return directory.resolve(mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".jsa");
    }

    /**
     * Runs {@code java flags -cp <jars> mainClass args} once in the background with {@code environment} added, dumping
     * the classes it loaded; the archive appears at {@link #file} atomically when that run ends.
     */
    public void dumpInBackground(List<String> flags, String mainClass, List<String> args, Map<String, String> environment,
                                 Path workingDirectory) {
        Path archive = file(mainClass);
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaBinary()));
        command.addAll(flags);
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + partial, "-cp", classPath, mainClass));
        command.addAll(args);
        Thread dump = new Thread(() -> {
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                        .redirectErrorStream(true).redirectOutput(directory.resolve("dump.log").toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (process.waitFor(2, TimeUnit.MINUTES) && Files.isRegularFile(partial)) {
                    Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    process.destroyForcibly();
                    LOG.warn("no class archive for {} (see {}): its JVMs start without one", mainClass,
                            directory.resolve("dump.log"));
                }
            } catch (IOException e) {
                LOG.warn("no class archive for {}: {}", mainClass, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "class-archive-" + archive.getFileName());
        dump.setDaemon(true);
        dump.start();
    }

    /** Jars the directory {@code classes} into {@code jar}, which appears whole (the JDK archives from jars only). */
    public static void jar(Path classes, Path jar) throws IOException {
        Path partial = jar.resolveSibling(jar.getFileName() + ".partial");
        try (OutputStream file = Files.newOutputStream(partial); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> tree = Files.walk(classes)) {
            out.setLevel(Deflater.BEST_SPEED);
            for (Path p : (Iterable<Path>) tree.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
