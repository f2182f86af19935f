package dev.ferry.sandbox.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named group with a description and tags: an RDS or ElastiCache subnet group ({@code members} are subnet ids) or
 * an RDS parameter group ({@code family} set, no members).
 */
record NamedGroup(String name, String description, String family, List<String> members, Map<String, String> tags) {

    NamedGroup withTags(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(more);
        return new NamedGroup(name, description, family, members, merged);
    }

    /** Checks that every subnet exists in the seeded VPC; returns them. */
    static List<String> knownSubnets(SandboxWorld world, List<String> subnetIds, String errorCode) {
        if (subnetIds.isEmpty()) {
            throw AwsException.badRequest("InvalidParameterValue", "At least one subnet is required");
        }
        for (String id : subnetIds) {
            if (world.subnets().stream().noneMatch(s -> s.id().equals(id))) {
                throw AwsException.badRequest(errorCode, "The subnet '" + id + "' does not exist");
            }
        }
        return List.copyOf(subnetIds);
    }

    /** Writes {@code <Subnets><Subnet><SubnetIdentifier/><SubnetAvailabilityZone><Name/>..}. */
    void writeSubnets(Xml x, SandboxWorld world) {
        x.list("Subnets", "Subnet", members, (s, id) -> s.el("SubnetIdentifier", id).open("SubnetAvailabilityZone")
                .el("Name", world.subnets().stream().filter(w -> w.id().equals(id)).findFirst()
                        .map(SandboxWorld.Subnet::availabilityZone).orElse(null)).close().el("SubnetStatus", "Active"));
    }
}
