package dev.ferry.sandbox.aws;

import java.time.Instant;

/** One ECS task: PROVISIONING → PENDING → RUNNING → DEACTIVATING → STOPPING → STOPPED. */
record EcsTask(String arn, String id, String clusterArn, String taskDefinitionArn, String serviceName,
               String deploymentId, String lastStatus, String desiredStatus, Instant createdAt, Instant startedAt,
               Instant stoppingAt, Instant stoppedAt, String stopCode, String stoppedReason, Integer exitCode,
               int hostPort) {

    static EcsTask provisioning(String arn, String id, String clusterArn, String taskDefinitionArn, String serviceName,
                                String deploymentId, int hostPort) {
        return new EcsTask(arn, id, clusterArn, taskDefinitionArn, serviceName, deploymentId, "PROVISIONING", "RUNNING",
                Instant.now(), null, null, null, null, null, null, hostPort);
    }

    /** Still wanted: not being stopped. */
    boolean wanted() {
        return desiredStatus.equals("RUNNING");
    }

    boolean running() {
        return lastStatus.equals("RUNNING");
    }

    boolean stopped() {
        return lastStatus.equals("STOPPED");
    }

    boolean pending() {
        return lastStatus.equals("PROVISIONING") || lastStatus.equals("PENDING") || lastStatus.equals("ACTIVATING");
    }

    EcsTask withLastStatus(String status) {
        return new EcsTask(arn, id, clusterArn, taskDefinitionArn, serviceName, deploymentId, status, desiredStatus,
                createdAt, status.equals("RUNNING") ? Instant.now() : startedAt, stoppingAt, stoppedAt, stopCode,
                stoppedReason, exitCode, hostPort);
    }

    EcsTask stopRequested(String code, String reason) {
        return new EcsTask(arn, id, clusterArn, taskDefinitionArn, serviceName, deploymentId, lastStatus, "STOPPED",
                createdAt, startedAt, Instant.now(), stoppedAt, code, reason, exitCode, hostPort);
    }

    EcsTask stoppedWith(Integer code) {
        return new EcsTask(arn, id, clusterArn, taskDefinitionArn, serviceName, deploymentId, "STOPPED", "STOPPED",
                createdAt, startedAt, stoppingAt == null ? Instant.now() : stoppingAt, Instant.now(), stopCode,
                stoppedReason, code, hostPort);
    }
}
