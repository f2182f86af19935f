package dev.ferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * {@code ferry <version> (commit <abbrev>)} from {@code version.properties}, which the build fills in; a build outside
 * git leaves the commit unfilled and this says {@code commit unknown}.
 */
final class Version implements CommandLine.IVersionProvider {
    static final String RESOURCE = "version.properties";
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");

    @Override
    public String[] getVersion() {
        return new String[] {line(load())};
    }

    static String line(Properties built) {
        String version = built.getProperty("version", "");
        String commit = built.getProperty("commit", "").trim();
        return "ferry " + (version.isBlank() || version.contains("${") ? "dev" : version.trim())
                + " (commit " + (COMMIT.matcher(commit).matches() ? commit : "unknown") + ")";
    }

    private static Properties load() {
        Properties built = new Properties();
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                built.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the ferry jar", e);
        }
        return built;
    }
}
