package dev.ferry.sandbox.aws;

import java.time.Instant;

/** One deployment of an ECS service: PRIMARY (the newest) or ACTIVE (an older one still being drained). */
record Deployment(String id, String status, String taskDefinitionArn, Instant createdAt, Instant updatedAt,
                  String rolloutState, String rolloutStateReason, int failedTasks) {

    static Deployment primary(String taskDefinitionArn, String reason) {
        Instant now = Instant.now();
        return new Deployment("ecs-svc/" + (1_000_000_000_000_000_000L + (long) (Math.random() * 8e18)), "PRIMARY",
                taskDefinitionArn, now, now, "IN_PROGRESS", reason, 0);
    }

    Deployment asActive() {
        return new Deployment(id, "ACTIVE", taskDefinitionArn, createdAt, Instant.now(), rolloutState, rolloutStateReason,
                failedTasks);
    }

    Deployment withRollout(String state, String reason) {
        return new Deployment(id, status, taskDefinitionArn, createdAt, Instant.now(), state, reason, failedTasks);
    }

    Deployment withFailure() {
        return new Deployment(id, status, taskDefinitionArn, createdAt, Instant.now(), rolloutState, rolloutStateReason,
                failedTasks + 1);
    }
}
