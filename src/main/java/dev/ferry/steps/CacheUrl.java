package dev.ferry.steps;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The URLs the app reads for ElastiCache ({@code REDASH_REDIS_URL}, {@code RQ_REDIS_URL}), and the AUTH token behind
 * them. redis-py and Jedis percent-decode the password of a {@code rediss://:TOKEN@host:port/0} URL, so the token is
 * percent-encoded there: ferry's own tokens need none, but a token set by hand may hold {@code +}, {@code %} or
 * {@code :}.
 */
final class CacheUrl {
    /** ElastiCache takes 16 to 128 printable characters without {@code @ " /} or blanks; this alphabet is URL-safe too. */
    static final int TOKEN_LENGTH = 64;
    private static final String TOKEN_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String UNRESERVED =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    private CacheUrl() {
    }

    static String plain(String endpoint) {
        return plain(endpoint, 0);
    }

    static String encrypted(String token, String endpoint) {
        return encrypted(token, endpoint, 0);
    }

    static String plain(String endpoint, int database) {
        return "redis://" + endpoint + "/" + database;
    }

    static String encrypted(String token, String endpoint, int database) {
        return "rediss://:" + encode(token) + "@" + endpoint + "/" + database;
    }

    /** RFC 3986 percent-encoding of every byte outside the unreserved set (a blank is %20, never +). */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0 && UNRESERVED.indexOf(b) >= 0) {
                out.append((char) b);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    static String generateToken() {
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder(TOKEN_LENGTH);
        for (int i = 0; i < TOKEN_LENGTH; i++) {
            out.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
        }
        return out.toString();
    }
}
