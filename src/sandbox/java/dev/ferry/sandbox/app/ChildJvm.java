package dev.ferry.sandbox.app;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The java binary and class path for the sandbox's child JVMs (docker stand-in, stand-in app, ECS tasks). The class
 * path is made absolute: children run in other working directories, so {@code java -jar target/ferry.jar} from the
 * repository root would otherwise hand them a path that resolves nowhere.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
