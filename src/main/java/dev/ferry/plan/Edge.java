package dev.ferry.plan;

/** DNS and load balancer: where users reach the app. */
public record Edge(
        String hostedZoneId,
        String domain,
        String temporaryDomain,
        String listenerArn,
        String healthPath,
        int loweredTtl) {
}
