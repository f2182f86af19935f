package dev.ferry.step;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One SDK call: {@code operation} is {@code service:Operation}; parameters keep their order. A {@link Map} value
 * is an environment (each value masked by its name); anything else is shown as text with URL passwords masked.
 * {@code condition}, when set, says when the call is made (a request whose calls depend on what exists).
 */
public record SdkCall(String operation, List<Map.Entry<String, Object>> parameters, String condition) {

    /** {@code namesAndValues} alternate names and values; a null value is left out, as the SDK request leaves it unset. */
    public static SdkCall of(String operation, Object... namesAndValues) {
        List<Map.Entry<String, Object>> parameters = new ArrayList<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                parameters.add(new AbstractMap.SimpleImmutableEntry<>((String) namesAndValues[i], namesAndValues[i + 1]));
            }
        }
        return new SdkCall(operation, List.copyOf(parameters), null);
    }

    /** This call, made only {@code when} (e.g. "if it is missing"). */
    public SdkCall when(String when) {
        return new SdkCall(operation, parameters, when);
    }
}
