package dev.ferry.sandbox.aws;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** RDS DB subnet groups and DB parameter groups. */
final class RdsGroups {
    private final Env env;
    private final Map<String, NamedGroup> subnetGroups = new ConcurrentHashMap<>();
    private final Map<String, NamedGroup> parameterGroups = new ConcurrentHashMap<>();

    RdsGroups(Env env) {
        this.env = env;
    }

    void createSubnetGroup(QueryParams p, Xml out) {
        String name = p.require("DBSubnetGroupName").toLowerCase(java.util.Locale.ROOT);
        if (subnetGroups.containsKey(name)) {
            throw AwsException.badRequest("DBSubnetGroupAlreadyExists", "The DB subnet group '" + name + "' already exists.");
        }
        List<String> subnets = NamedGroup.knownSubnets(env.world(), p.values("SubnetIds"), "InvalidSubnet");
        long zones = env.world().subnets().stream().filter(s -> subnets.contains(s.id()))
                .map(SandboxWorld.Subnet::availabilityZone).distinct().count();
        if (zones < 2) {
            throw AwsException.badRequest("DBSubnetGroupDoesNotCoverEnoughAZs",
                    "The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. Current AZ coverage: "
                            + zones + ". Add subnets to cover at least 2 AZs.");
        }
        NamedGroup group = new NamedGroup(name, p.require("DBSubnetGroupDescription"), null, subnets, p.tags("Tags"));
        subnetGroups.put(name, group);
        out.open("DBSubnetGroup");
        writeSubnetGroup(out, group);
        out.close();
    }

    void describeSubnetGroups(QueryParams p, Xml out) {
        String name = p.get("DBSubnetGroupName");
        if (name != null && !subnetGroups.containsKey(name.toLowerCase(java.util.Locale.ROOT))) {
            throw AwsException.notFound("DBSubnetGroupNotFoundFault", "DBSubnetGroup '" + name + "' not found.");
        }
        List<NamedGroup> found = subnetGroups.values().stream()
                .filter(g -> name == null || g.name().equalsIgnoreCase(name)).toList();
        out.list("DBSubnetGroups", "DBSubnetGroup", found, this::writeSubnetGroup);
    }

    void deleteSubnetGroup(QueryParams p, Predicate<String> inUse) {
        NamedGroup group = subnetGroup(p.require("DBSubnetGroupName"));
        if (inUse.test(group.name())) {
            throw AwsException.badRequest("InvalidDBSubnetGroupStateFault", "Cannot delete the subnet group '"
                    + group.name() + "' because at least one database instance is still using it.");
        }
        subnetGroups.remove(group.name());
    }

    void writeSubnetGroup(Xml x, NamedGroup g) {
        x.el("DBSubnetGroupName", g.name()).el("DBSubnetGroupDescription", g.description())
                .el("VpcId", env.world().vpc().id()).el("SubnetGroupStatus", "Complete");
        g.writeSubnets(x, env.world());
        x.el("DBSubnetGroupArn", env.arn("rds", "subgrp:" + g.name()));
    }

    NamedGroup subnetGroup(String name) {
        NamedGroup group = subnetGroups.get(name.toLowerCase(java.util.Locale.ROOT));
        if (group == null) {
            throw AwsException.notFound("DBSubnetGroupNotFoundFault", "DBSubnetGroup '" + name + "' not found.");
        }
        return group;
    }

    void createParameterGroup(QueryParams p, Xml out) {
        String name = p.require("DBParameterGroupName").toLowerCase(java.util.Locale.ROOT);
        if (parameterGroups.containsKey(name)) {
            throw AwsException.badRequest("DBParameterGroupAlreadyExists",
                    "Parameter group " + name + " already exists");
        }
        String family = p.require("DBParameterGroupFamily");
        if (!family.matches("postgres\\d+(\\.\\d+)?")) {
            throw AwsException.badRequest("InvalidParameterValue", "Invalid DB parameter group family: " + family);
        }
        NamedGroup group = new NamedGroup(name, p.require("Description"), family, List.of(), p.tags("Tags"));
        parameterGroups.put(name, group);
        out.open("DBParameterGroup");
        writeParameterGroup(out, group);
        out.close();
    }

    void describeParameterGroups(QueryParams p, Xml out) {
        String name = p.get("DBParameterGroupName");
        List<NamedGroup> found = name == null ? List.copyOf(parameterGroups.values()) : List.of(parameterGroup(name));
        out.list("DBParameterGroups", "DBParameterGroup", found, this::writeParameterGroup);
    }

    void deleteParameterGroup(QueryParams p, Predicate<String> inUse) {
        NamedGroup group = parameterGroup(p.require("DBParameterGroupName"));
        if (group.name().startsWith("default.") || inUse.test(group.name())) {
            throw AwsException.badRequest("InvalidDBParameterGroupState",
                    "One or more database instances are still members of this parameter group " + group.name()
                            + ", so the group cannot be deleted");
        }
        parameterGroups.remove(group.name());
    }

    /** The named group; {@code default.postgresNN} groups exist implicitly, as in a fresh account. */
    NamedGroup parameterGroup(String name) {
        String key = name.toLowerCase(java.util.Locale.ROOT);
        if (key.matches("default\\.postgres\\d+")) {
            return parameterGroups.computeIfAbsent(key, k -> new NamedGroup(k, "Default parameter group for "
                    + k.substring(8), k.substring(8), List.of(), Map.of()));
        }
        NamedGroup group = parameterGroups.get(key);
        if (group == null) {
            throw AwsException.notFound("DBParameterGroupNotFound", "DBParameterGroup not found: " + name);
        }
        return group;
    }

    private void writeParameterGroup(Xml x, NamedGroup g) {
        x.el("DBParameterGroupName", g.name()).el("DBParameterGroupFamily", g.family())
                .el("Description", g.description()).el("DBParameterGroupArn", env.arn("rds", "pg:" + g.name()));
    }

    /** Tags of a subnet or parameter group by ARN, or null when the ARN names neither. */
    Map<String, String> tagsOf(String arn) {
        NamedGroup group = group(arn);
        return group == null ? null : group.tags();
    }

    boolean addTags(String arn, Map<String, String> tags) {
        NamedGroup group = group(arn);
        if (group == null) {
            return false;
        }
        (group.family() == null ? subnetGroups : parameterGroups).put(group.name(), group.withTags(tags));
        return true;
    }

    private NamedGroup group(String arn) {
        String resource = arn.substring(arn.lastIndexOf(':', arn.lastIndexOf(':') - 1) + 1);
        if (resource.startsWith("subgrp:")) {
            return subnetGroups.get(resource.substring(7));
        }
        return resource.startsWith("pg:") ? parameterGroups.get(resource.substring(3)) : null;
    }
}
