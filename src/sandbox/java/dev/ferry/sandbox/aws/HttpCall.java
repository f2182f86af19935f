package dev.ferry.sandbox.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP request as the endpoint received it. */
record HttpCall(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {

    String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The query string's parameters, decoded. */
    Map<String, String> query() {
        return decodeForm(rawQuery);
    }

    static Map<String, String> decodeForm(String form) {
        Map<String, String> params = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return params;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
