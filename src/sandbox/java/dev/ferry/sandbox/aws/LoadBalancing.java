package dev.ferry.sandbox.aws;

/** What ECS needs from the load balancer: registering task targets and reading their health. */
interface LoadBalancing {
    void register(String targetGroupArn, String targetId, int port);

    void deregister(String targetGroupArn, String targetId, int port);

    /** Healthy, or not checked at all because the target group is not in use by a listener. */
    boolean healthy(String targetGroupArn, String targetId, int port);

    String healthPath(String targetGroupArn);
}
