package dev.ferry.sandbox.aws;

import java.security.SecureRandom;
import java.util.UUID;

/** Identifiers in the shapes AWS uses. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private Ids() {
    }

    static String hex(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(Character.forDigit(RANDOM.nextInt(16), 16));
        }
        return id.toString();
    }

    static String upper(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(UPPER.charAt(RANDOM.nextInt(UPPER.length())));
        }
        return id.toString();
    }

    static String requestId() {
        return UUID.randomUUID().toString();
    }
}
