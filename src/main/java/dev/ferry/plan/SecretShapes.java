package dev.ferry.plan;

import java.util.regex.Pattern;

/** Recognises values that must never be written into a plan in plain text. */
public final class SecretShapes {
    private static final Pattern SECRET_NAME =
            Pattern.compile("PASSWORD|PASSWD|SECRET|TOKEN|_KEY$|COOKIE", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_WITH_PASSWORD =
            Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/:@\\s]*:[^@\\s]+@");

    private SecretShapes() {
    }

    /** An env key such as {@code REDASH_COOKIE_SECRET}, {@code DB_PASSWORD} or {@code API_KEY}. */
    public static boolean looksSecretName(String key) {
        return SECRET_NAME.matcher(key).find();
    }

    /** A URL carrying a password, such as {@code postgresql://user:password@host/db}. */
    public static boolean hasUrlPassword(String value) {
        return URL_WITH_PASSWORD.matcher(value).find();
    }
}
