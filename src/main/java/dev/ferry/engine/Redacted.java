package dev.ferry.engine;

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

    /** Masks every occurrence of each known secret value, and passwords in URLs. */
    public static String scrub(String text, Iterable<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, MASK);
            }
        }
        return urls(out);
    }
}
