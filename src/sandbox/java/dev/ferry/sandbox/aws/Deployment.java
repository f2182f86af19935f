package dev.ferry.sandbox.aws;

import java.time.Instant;

/**
 * One deployment of an ECS service: PRIMARY (the newest) or ACTIVE (an older one still being drained). As in ECS,
 * {@code failedTasks} resets to 0 and stops counting once the deployment has run a task ({@code ran}).
 */
record Deployment(String id, String status, String taskDefinitionArn, Instant createdAt, Instant updatedAt,
                  String rolloutState, String rolloutStateReason, int failedTasks, boolean ran) {

    static Deployment primary(String taskDefinitionArn, String reason) {
        Instant now = Instant.now();
        return new Deployment("ecs-svc/" + (1_000_000_000_000_000_000L + (long) (Math.random() * 8e18)), "PRIMARY",
                taskDefinitionArn, now, now, "IN_PROGRESS", reason, 0, false);
    }

    Deployment asActive() {
        return new Deployment(id, "ACTIVE", taskDefinitionArn, createdAt, Instant.now(), rolloutState, rolloutStateReason,
                failedTasks, ran);
    }

    Deployment withRollout(String state, String reason) {
        return new Deployment(id, status, taskDefinitionArn, createdAt, Instant.now(), state, reason, failedTasks, ran);
    }

    Deployment withFailure() {
        return ran ? this : new Deployment(id, status, taskDefinitionArn, createdAt, Instant.now(), rolloutState,
                rolloutStateReason, failedTasks + 1, false);
    }

    Deployment withRunningTask() {
        return ran ? this : new Deployment(id, status, taskDefinitionArn, createdAt, Instant.now(), rolloutState,
                rolloutStateReason, 0, true);
    }
}
