package dev.ferry.sandbox.host;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the stand-in runs for an image reference: a PostgreSQL major, pgautoupgrade to a major, Redis, or the app. */
record ServiceImage(String reference, Kind kind, int major) {
    /** The newest major the sandbox has binaries for; what {@code postgres:latest} means here. */
    static final int LATEST_POSTGRES = 16;
    private static final Pattern MAJOR = Pattern.compile("^(\\d+)");

    enum Kind { POSTGRES, PGAUTOUPGRADE, REDIS, APP }

    static ServiceImage of(String reference) {
        String name = reference.replaceFirst("^(docker\\.io/)?(library/)?", "");
        String repository = name.contains(":") ? name.substring(0, name.lastIndexOf(':')) : name;
        String tag = name.contains(":") ? name.substring(name.lastIndexOf(':') + 1) : "latest";
        return switch (repository) {
            case "postgres" -> new ServiceImage(reference, Kind.POSTGRES, major(tag));
            case "pgautoupgrade/pgautoupgrade" -> new ServiceImage(reference, Kind.PGAUTOUPGRADE, major(tag));
            case "redis" -> new ServiceImage(reference, Kind.REDIS, 0);
            default -> new ServiceImage(reference, Kind.APP, 0);
        };
    }

    boolean postgres() {
        return kind == Kind.POSTGRES || kind == Kind.PGAUTOUPGRADE;
    }

    private static int major(String tag) {
        Matcher m = MAJOR.matcher(tag);
        return m.find() ? Integer.parseInt(m.group(1)) : LATEST_POSTGRES;
    }
}
