package dev.ferry.sandbox.aws;

import java.util.List;

/**
 * What the sandbox's DNS answers for a name: the record that matched after following CNAMEs within the sandbox's
 * hosted zones. For an alias record, {@code values} holds the alias target's DNS name (e.g. the ALB's).
 */
public record DnsAnswer(String name, String type, long ttl, List<String> values, boolean alias) {
}
