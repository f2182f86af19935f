package dev.ferry.sandbox.aws;

import java.util.Map;

/** A CloudWatch Logs log group. */
record LogGroup(String name, long creationTime, Integer retentionInDays, Map<String, String> tags) {
}
