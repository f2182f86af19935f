package dev.ferry.cli;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.ferry.step.Redacted;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes log lines with secrets masked: the password of every URL ({@link Redacted#urls}) and the values of the
 * environment's secret variables ({@code *PASSWORD*}, {@code *SECRET*}, {@code *TOKEN*}, e.g.
 * {@code AWS_SECRET_ACCESS_KEY}), wherever they appear in a line.
 */
public class RedactingEncoder extends PatternLayoutEncoder {
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|PASSWD|CREDENTIAL).*");
    private volatile List<String> secrets = secretValues(System.getenv());

    @Override
    public byte[] encode(ILoggingEvent event) {
        return redact(getLayout().doLayout(event)).getBytes(StandardCharsets.UTF_8);
    }

    String redact(String line) {
        String out = Redacted.urls(line);
        for (String secret : secrets) {
            out = out.replace(secret, Redacted.MASK);
        }
        return out;
    }

    /** Also masks {@code values} (e.g. a secret the run read), from now on. */
    void alsoMask(List<String> values) {
        java.util.List<String> all = new java.util.ArrayList<>(secrets);
        values.stream().filter(v -> v != null && v.length() >= 6).forEach(all::add);
        secrets = List.copyOf(all);
    }

    static List<String> secretValues(Map<String, String> env) {
        return env.entrySet().stream().filter(e -> SECRET_NAME.matcher(e.getKey().toUpperCase(Locale.ROOT)).matches())
                .map(Map.Entry::getValue).filter(v -> v != null && v.length() >= 6).toList();
    }
}
