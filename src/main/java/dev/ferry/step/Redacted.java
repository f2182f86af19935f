package dev.ferry.step;

import java.util.regex.Pattern;

/** Renders text that may hold secrets in a form safe for output, journal and state. */
public final class Redacted {
    public static final String MASK = "****";
    private static final Pattern URL_PASSWORD = Pattern.compile("(?<=://)([^:/@\\s]+):([^@\\s]+)@");

    private Redacted() {
    }

    /** Masks the password part of every {@code scheme://user:password@host} URL in {@code text}. */
    public static String urls(String text) {
        return text == null ? null : URL_PASSWORD.matcher(text).replaceAll("$1:" + MASK + "@");
    }
}
