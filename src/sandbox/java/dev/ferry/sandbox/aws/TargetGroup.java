package dev.ferry.sandbox.aws;

/** An ELBv2 target group and its health check settings. */
record TargetGroup(String arn, String name, String protocol, int port, String vpcId, String targetType,
                   String healthPath, int interval, int timeout, int healthyThreshold, int unhealthyThreshold,
                   String matcher) {

    boolean sameSettings(TargetGroup other) {
        return protocol.equals(other.protocol) && port == other.port && vpcId.equals(other.vpcId)
                && targetType.equals(other.targetType) && healthPath.equals(other.healthPath);
    }
}
