package dev.ferry.plan;

import java.util.List;

/** Existing network ferry places resources in; ferry never creates or deletes a VPC or subnet. */
public record Network(String vpcId, List<String> subnetIds, String hostSecurityGroupId) {
    public Network {
        subnetIds = List.copyOf(subnetIds);
    }
}
