package dev.ferry.sandbox.host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's service DNS, for connection URLs: {@code postgresql://u:p@postgres/db} inside the project's network
 * becomes {@code ...@127.0.0.1:54321/db}, and {@code redis://redis:6379/0} becomes {@code redis://127.0.0.1:6380/0},
 * because here every service is a local process on its own port.
 */
record ServiceHosts(Map<String, String> addresses) {

    String rewrite(String text) {
        String out = text;
        for (Map.Entry<String, String> entry : addresses.entrySet()) {
            Pattern host = Pattern.compile("(@|://)" + Pattern.quote(entry.getKey()) + "(:\\d+)?(?=[/?'\"\\s]|$)");
            out = host.matcher(out).replaceAll(m -> m.group(1) + Matcher.quoteReplacement(entry.getValue()));
        }
        return out;
    }

    List<String> rewrite(List<String> args) {
        return args.stream().map(this::rewrite).toList();
    }

    Map<String, String> rewrite(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> out.put(k, rewrite(v)));
        return out;
    }
}
