package dev.ferry.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request that renders its own dry-run preview from the fields the call is made with, so the two cannot drift.
 * {@link #calls()} lists the SDK calls it makes that change something, in order, each naming every parameter its
 * SDK request sets. A value known only at run time is a {@code <placeholder>} until the step fills it in. Values
 * are raw: the renderer masks secrets.
 */
public interface AwsRequest {
    List<SdkCall> calls();

    /** Tags as the preview shows them: {@code [k=v, ...]}, sorted by key. */
    static String tagList(Map<String, String> tags) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(tags).forEach((k, v) -> parts.add(k + "=" + v));
        return "[" + String.join(", ", parts) + "]";
    }

    static String description(Map<String, String> tags) {
        return "ferry: " + tags.get(AwsPorts.PLAN_TAG);
    }
}
