package dev.ferry.sandbox.aws;

import java.util.List;

/** A listener rule: host-header and path-pattern conditions forwarding to one target group. */
record ListenerRule(String arn, String listenerArn, String priority, List<String> hostHeaders, List<String> pathPatterns,
                    String targetGroupArn, boolean isDefault) {
}
