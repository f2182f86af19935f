package dev.ferry.sandbox.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An EC2 security group and its ingress rules. */
record SecurityGroup(String id, String name, String description, String vpcId, List<IpRule> ingress,
                     Map<String, String> tags) {

    /**
     * One ingress rule (a security group rule, id {@code sgr-...}): a port range from one source group or one CIDR, with
     * its own description and tags (rules are taggable resources, type {@code security-group-rule}).
     */
    record IpRule(String ruleId, String protocol, Integer fromPort, Integer toPort, String sourceGroupId, String cidr,
                  String description, Map<String, String> tags) {
        IpRule {
            tags = Map.copyOf(tags);
        }

        IpRule(String ruleId, String protocol, Integer fromPort, Integer toPort, String sourceGroupId, String cidr) {
            this(ruleId, protocol, fromPort, toPort, sourceGroupId, cidr, null, Map.of());
        }

        /** The same permission (AWS refuses a second one as a duplicate); description and tags do not count. */
        boolean sameAs(IpRule other) {
            return protocol.equals(other.protocol) && java.util.Objects.equals(fromPort, other.fromPort)
                    && java.util.Objects.equals(toPort, other.toPort)
                    && java.util.Objects.equals(sourceGroupId, other.sourceGroupId)
                    && java.util.Objects.equals(cidr, other.cidr);
        }
    }

    SecurityGroup withIngress(List<IpRule> rules) {
        return new SecurityGroup(id, name, description, vpcId, List.copyOf(rules), tags);
    }

    SecurityGroup withTags(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(more);
        return new SecurityGroup(id, name, description, vpcId, ingress, merged);
    }

    SecurityGroup plus(IpRule rule) {
        List<IpRule> rules = new ArrayList<>(ingress);
        rules.add(rule);
        return withIngress(rules);
    }
}
