package dev.ferry.sandbox.aws;

import java.util.List;

/** A Route53 resource record set: plain (TTL and values) or an alias (target zone and DNS name). */
record RecordSet(String name, String type, Long ttl, List<String> values, Alias alias) {

    record Alias(String hostedZoneId, String dnsName, boolean evaluateTargetHealth) {
    }

    String key() {
        return name + "|" + type;
    }

    /** The sort key Route53 lists by: labels reversed, then type. */
    String order() {
        List<String> labels = new java.util.ArrayList<>(List.of(name.split("\\.")));
        java.util.Collections.reverse(labels);
        return String.join(".", labels) + "|" + type;
    }
}
