package dev.ferry.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An ECS service: its configuration, its deployments (PRIMARY first) and its recent events (newest first). */
record EcsServiceState(String arn, String name, String clusterArn, String taskDefinitionArn, int desiredCount,
                       String status, Config config, JsonNode loadBalancers, JsonNode networkConfiguration,
                       List<Deployment> deployments, List<Event> events, Instant createdAt, Map<String, String> tags,
                       String stableTaskDefinitionArn) {

    /** The deployment configuration. */
    record Config(int minimumHealthyPercent, int maximumPercent, boolean circuitBreaker, boolean rollback) {
    }

    record Event(String id, Instant createdAt, String message) {
    }

    Deployment primary() {
        return deployments.get(0);
    }

    EcsServiceState withDesired(int count) {
        return new EcsServiceState(arn, name, clusterArn, taskDefinitionArn, count, status, config, loadBalancers,
                networkConfiguration, deployments, events, createdAt, tags, stableTaskDefinitionArn);
    }

    EcsServiceState withConfig(Config newConfig) {
        return new EcsServiceState(arn, name, clusterArn, taskDefinitionArn, desiredCount, status, newConfig,
                loadBalancers, networkConfiguration, deployments, events, createdAt, tags, stableTaskDefinitionArn);
    }

    EcsServiceState withStatus(String newStatus) {
        return new EcsServiceState(arn, name, clusterArn, taskDefinitionArn, desiredCount, newStatus, config,
                loadBalancers, networkConfiguration, deployments, events, createdAt, tags, stableTaskDefinitionArn);
    }

    EcsServiceState withTags(Map<String, String> newTags) {
        return new EcsServiceState(arn, name, clusterArn, taskDefinitionArn, desiredCount, status, config,
                loadBalancers, networkConfiguration, deployments, events, createdAt, newTags, stableTaskDefinitionArn);
    }

    EcsServiceState withStable(String stableArn) {
        return new EcsServiceState(arn, name, clusterArn, taskDefinitionArn, desiredCount, status, config,
                loadBalancers, networkConfiguration, deployments, events, createdAt, tags, stableArn);
    }

    /** A new PRIMARY deployment of {@code taskDefinition}; the previous ones become ACTIVE. */
    EcsServiceState deploying(String taskDefinition, String reason) {
        List<Deployment> all = new ArrayList<>();
        all.add(Deployment.primary(taskDefinition, reason));
        deployments.forEach(d -> all.add(d.asActive()));
        return new EcsServiceState(arn, name, clusterArn, taskDefinition, desiredCount, status, config, loadBalancers,
                networkConfiguration, List.copyOf(all), events, createdAt, tags, stableTaskDefinitionArn);
    }

    EcsServiceState withDeployments(List<Deployment> newDeployments) {
        return new EcsServiceState(arn, name, clusterArn, taskDefinitionArn, desiredCount, status, config,
                loadBalancers, networkConfiguration, List.copyOf(newDeployments), events, createdAt, tags,
                stableTaskDefinitionArn);
    }

    EcsServiceState withEvent(String message) {
        List<Event> all = new ArrayList<>();
        all.add(new Event(java.util.UUID.randomUUID().toString(), Instant.now(), "(service " + name + ") " + message));
        all.addAll(events.subList(0, Math.min(events.size(), 49)));
        return new EcsServiceState(arn, name, clusterArn, taskDefinitionArn, desiredCount, status, config,
                loadBalancers, networkConfiguration, deployments, List.copyOf(all), createdAt, tags,
                stableTaskDefinitionArn);
    }
}
