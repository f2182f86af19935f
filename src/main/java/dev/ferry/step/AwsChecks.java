package dev.ferry.step;

import java.util.List;

/** Read-only probes of the AWS account for {@code ferry doctor}; each answers one doctor line. */
public interface AwsChecks {

    /** Credentials, region and endpoint work: who ferry acts as. */
    Check identity();

    /** Proves one IAM action with a call that changes nothing. */
    Check allowed(AwsAccess access);

    /** The plan's subnets exist, belong to its VPC and span at least two availability zones (RDS needs two). */
    Check network(String vpcId, List<String> subnetIds);

    /** The listener the server's rule goes on exists, and its load balancer. */
    Check listener(String listenerArn);

    /** The hosted zone exists and its records can be listed. */
    Check hostedZone(String hostedZoneId);

    /**
     * The domain's record today. A TTL above {@code loweredTtl} is a warning: cutover-server lowers it and then waits
     * the old TTL out inside the window, unless it was lowered a TTL ahead.
     */
    Check record(String hostedZoneId, String domain, long loweredTtl);
}
