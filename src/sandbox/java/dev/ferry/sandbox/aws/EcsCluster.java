package dev.ferry.sandbox.aws;

import java.util.Map;

/** An ECS cluster (ACTIVE, or INACTIVE once deleted). */
record EcsCluster(String name, String arn, String status, Map<String, String> tags) {
}
