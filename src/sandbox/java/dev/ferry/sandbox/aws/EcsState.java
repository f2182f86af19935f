package dev.ferry.sandbox.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything ECS knows: clusters, task definitions, services and tasks. Callers that read and then write hold the
 * monitor of this object ({@code synchronized (state)}); single reads and writes are synchronized here.
 */
final class EcsState {
    private final Map<String, EcsCluster> clusters = new LinkedHashMap<>();
    private final Map<String, TaskDefinition> taskDefinitions = new LinkedHashMap<>();
    private final Map<String, EcsServiceState> services = new LinkedHashMap<>();
    private final Map<String, EcsTask> tasks = new LinkedHashMap<>();

    synchronized void put(EcsCluster cluster) {
        clusters.put(cluster.name(), cluster);
    }

    synchronized void put(TaskDefinition definition) {
        taskDefinitions.put(definition.arn(), definition);
    }

    synchronized void remove(TaskDefinition definition) {
        taskDefinitions.remove(definition.arn());
    }

    synchronized void put(EcsServiceState service) {
        services.put(service.arn(), service);
    }

    synchronized void put(EcsTask task) {
        tasks.put(task.arn(), task);
    }

    synchronized Optional<EcsCluster> findCluster(String nameOrArn) {
        String name = nameOrArn == null ? "default" : nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
        return Optional.ofNullable(clusters.get(name));
    }

    /** The ACTIVE cluster, or ClusterNotFoundException. */
    synchronized EcsCluster cluster(String nameOrArn) {
        return findCluster(nameOrArn).filter(c -> c.status().equals("ACTIVE"))
                .orElseThrow(() -> AwsException.badRequest("ClusterNotFoundException", "Cluster not found."));
    }

    synchronized List<EcsCluster> clusters() {
        return List.copyOf(clusters.values());
    }

    /** A task definition by {@code family}, {@code family:revision} or ARN, or ClientException. */
    synchronized TaskDefinition taskDefinition(String reference) {
        String ref = reference.contains(":task-definition/") ? reference.substring(reference.indexOf('/') + 1) : reference;
        Optional<TaskDefinition> found;
        if (ref.contains(":")) {
            found = taskDefinitions.values().stream().filter(t -> (t.family() + ":" + t.revision()).equals(ref)).findFirst();
        } else {
            found = taskDefinitions.values().stream().filter(t -> t.family().equals(ref) && t.status().equals("ACTIVE"))
                    .max(Comparator.comparingInt(TaskDefinition::revision));
        }
        return found.orElseThrow(() -> AwsException.badRequest("ClientException", "Unable to describe task definition."));
    }

    synchronized List<TaskDefinition> taskDefinitions() {
        return List.copyOf(taskDefinitions.values());
    }

    synchronized int nextRevision(String family) {
        return taskDefinitions.values().stream().filter(t -> t.family().equals(family))
                .mapToInt(TaskDefinition::revision).max().orElse(0) + 1;
    }

    synchronized Optional<EcsServiceState> findService(String clusterArn, String nameOrArn) {
        String name = nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
        return services.values().stream().filter(s -> s.clusterArn().equals(clusterArn) && s.name().equals(name))
                .findFirst();
    }

    synchronized List<EcsServiceState> services() {
        return List.copyOf(services.values());
    }

    synchronized EcsTask task(String arn) {
        return tasks.get(arn);
    }

    synchronized List<EcsTask> tasks() {
        return List.copyOf(tasks.values());
    }

    synchronized List<EcsTask> tasksOf(EcsServiceState service) {
        List<EcsTask> mine = new ArrayList<>();
        tasks.values().stream().filter(t -> service.name().equals(t.serviceName())
                && t.clusterArn().equals(service.clusterArn())).forEach(mine::add);
        return mine;
    }

    /** Counts a failed task against its deployment (for the deployment circuit breaker). */
    synchronized void countFailure(EcsTask task) {
        updateDeployment(task, Deployment::withFailure);
    }

    /** The task's deployment has run a task: ECS stops counting its failures. */
    synchronized void countRunning(EcsTask task) {
        updateDeployment(task, Deployment::withRunningTask);
    }

    private void updateDeployment(EcsTask task, java.util.function.UnaryOperator<Deployment> change) {
        if (task.serviceName() == null) {
            return;
        }
        findService(task.clusterArn(), task.serviceName()).ifPresent(s -> put(s.withDeployments(s.deployments().stream()
                .map(d -> d.id().equals(task.deploymentId()) ? change.apply(d) : d).toList())));
    }
}
