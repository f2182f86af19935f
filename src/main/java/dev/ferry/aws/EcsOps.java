package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.AwsChanges.ServiceDeletionRequest;
import dev.ferry.step.AwsChanges.ServiceScaleRequest;
import dev.ferry.step.AwsRequests.ClusterRequest;
import dev.ferry.step.AwsDeletions.ClusterDeletion;
import dev.ferry.step.AwsPorts.Owner;
import dev.ferry.step.AwsRequests.ServiceRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.waiters.EcsWaiter;

/** The ECS cluster and the Fargate services; task definitions are in {@link TaskDefinitionOps}. */
final class EcsOps {
    private static final Logger log = LoggerFactory.getLogger(EcsOps.class);
    /** Task states in which a container may still be running; counting them keeps singleton checks conservative. */
    private static final Set<String> GONE = Set.of("STOPPED", "DEPROVISIONING", "DELETED");
    private static final int DESCRIBE_TASKS_BATCH = 100;

    private final EcsClient ecs;
    private final EcsWaiter waiter;
    private final AwsCalls calls;
    private final ServiceStability stability;

    EcsOps(EcsClient ecs, AwsSettings settings) {
        this.ecs = ecs;
        this.waiter = ecs.waiter();
        this.calls = new AwsCalls(AwsService.ECS, settings);
        this.stability = new ServiceStability(ecs, calls);
    }

    String ensureCluster(ClusterRequest request) {
        String name = request.name();
        PlanTags wanted = PlanTags.of(request.tags());
        Optional<Cluster> existing = cluster(name);
        if (existing.isPresent()) {
            wanted.requireAdoptable(AwsService.ECS, "cluster", name, tagsOf(existing.get().tags()));
            log.info("ECS cluster {} already exists for plan {}", name, wanted.plan());
            return existing.get().clusterArn();
        }
        String arn = calls.call("CreateCluster", name, () -> ecs.createCluster(r -> r.clusterName(name)
                .tags(sdkTags(wanted)))).cluster().clusterArn();
        log.info("created ECS cluster {}", name);
        return arn;
    }

    void deleteCluster(ClusterDeletion deletion, Owner owner) {
        String name = deletion.name();
        Optional<Cluster> active = cluster(name);
        active.ifPresent(c -> PlanTags.requireOwned(owner, PlanTags.Touch.DELETE, AwsService.ECS, "cluster", name,
                tagsOf(c.tags())));
        if (active.isPresent()) {
            calls.find("DeleteCluster", name, () -> ecs.deleteCluster(r -> r.cluster(name)));
        }
        log.info(active.isPresent() ? "deleted ECS cluster {}" : "ECS cluster {} was already gone", name);
    }

    /** The cluster unless it is INACTIVE (deleted: its name can be reused). */
    private Optional<Cluster> cluster(String name) {
        return calls.call("DescribeClusters", name, () -> ecs.describeClusters(r -> r.clusters(name)
                .include(ClusterField.TAGS))).clusters().stream().filter(c -> !"INACTIVE".equals(c.status()))
                .findFirst();
    }

    void ensureService(ServiceRequest request) {
        PlanTags wanted = PlanTags.of(request.tags());
        String name = request.name();
        Optional<Service> existing = describe(request.cluster(), name);
        if (existing.isPresent() && "DRAINING".equals(existing.get().status())) {
            throw FerryException.advised(ErrorCode.STEP_FAILED, "ECS service " + name + " is still draining after an"
                    + " earlier delete; wait until it is INACTIVE and run `ferry resume PLAN`");
        }
        if (existing.isPresent()) {
            wanted.requireAdoptable(AwsService.ECS, "service", name, tagsOf(existing.get().tags()));
            if (!request.taskDefinitionArn().equals(existing.get().taskDefinition())) {
                calls.run("UpdateService", name, () -> ecs.updateService(r -> r.cluster(request.cluster())
                        .service(name).taskDefinition(request.taskDefinitionArn())));
                log.info("ECS service {} now deploys {}", name, request.taskDefinitionArn());
            } else {
                log.info("ECS service {} already exists for plan {}", name, wanted.plan());
            }
            return;
        }
        calls.run("CreateService", name, () -> ecs.createService(creation(request, wanted)));
        log.info("created ECS service {} at desiredCount {}{}", name, request.desiredCount(),
                request.singleton() ? " (singleton: never two tasks at once)" : "");
    }

    /** A service that is gone fails in UpdateService as before; one that is there must be this plan's. */
    void scaleService(ServiceScaleRequest request, Owner owner) {
        describe(request.cluster(), request.service())
                .ifPresent(found -> requireOwned(owner, PlanTags.Touch.CHANGE, found));
        scale(request);
    }

    private void scale(ServiceScaleRequest request) {
        calls.run("UpdateService", request.service(), () -> ecs.updateService(r -> r.cluster(request.cluster())
                .service(request.service()).desiredCount(request.desiredCount())));
        log.info("ECS service {} scaled to {}", request.service(), request.desiredCount());
    }

    /** Fails fast, with the newest task's stop reason, when the service's tasks cannot start. */
    void awaitServiceStable(String cluster, String service, Duration timeout) {
        stability.await(cluster, service, timeout, () -> now(cluster, service));
        log.info("ECS service {} is stable", service);
    }

    /**
     * Tasks of the service whose containers may be running: everything not yet STOPPED, including tasks that are
     * still starting or stopping. Two schedulers must never overlap, so this errs towards counting.
     */
    int runningTaskCount(String cluster, String service) {
        List<String> arns = new ArrayList<>();
        for (DesiredStatus desired : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
            calls.run("ListTasks", service, () -> ecs.listTasksPaginator(r -> r.cluster(cluster).serviceName(service)
                    .desiredStatus(desired)).taskArns().forEach(arns::add));
        }
        int alive = 0;
        for (int from = 0; from < arns.size(); from += DESCRIBE_TASKS_BATCH) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + DESCRIBE_TASKS_BATCH));
            alive += (int) calls.call("DescribeTasks", service, () -> ecs.describeTasks(r -> r.cluster(cluster)
                    .tasks(batch))).tasks().stream().filter(t -> !GONE.contains(t.lastStatus())).count();
        }
        return alive;
    }

    void deleteService(ServiceDeletionRequest deletion, Duration timeout, Owner owner) {
        String cluster = deletion.cluster();
        String service = deletion.service();
        Optional<Service> found = describe(cluster, service);
        if (found.isEmpty()) {
            log.info("ECS service {} was already gone", service);
            return;
        }
        requireOwned(owner, PlanTags.Touch.DELETE, found.get());
        if ("ACTIVE".equals(found.get().status())) {
            if (found.get().desiredCount() > 0) {
                scale(new ServiceScaleRequest(cluster, service, 0));
            }
            calls.find("DeleteService", service, () -> ecs.deleteService(r -> r.cluster(cluster).service(service)
                    .force(ServiceDeletionRequest.FORCE)));
        }
        DescribeServicesRequest request = DescribeServicesRequest.builder().cluster(cluster).services(service).build();
        calls.await("DescribeServices", "inactive", "service " + service, timeout,
                config -> waiter.waitUntilServicesInactive(request, config), () -> now(cluster, service));
        log.info("deleted ECS service {}", service);
    }

    private CreateServiceRequest creation(ServiceRequest request, PlanTags tags) {
        CreateServiceRequest.Builder create = CreateServiceRequest.builder()
                .cluster(request.cluster()).serviceName(request.name()).taskDefinition(request.taskDefinitionArn())
                .desiredCount(request.desiredCount()).launchType(LaunchType.FARGATE)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(request.subnetIds())
                        .securityGroups(request.securityGroupId()).assignPublicIp(AssignPublicIp.DISABLED)))
                .deploymentConfiguration(deployment(request))
                .propagateTags(PropagateTags.SERVICE).enableECSManagedTags(true).tags(sdkTags(tags));
        if (request.targetGroupArn() != null) {
            create.loadBalancers(LoadBalancer.builder().targetGroupArn(request.targetGroupArn())
                    .containerName(request.containerName()).containerPort(request.containerPort()).build())
                    .healthCheckGracePeriodSeconds(ServiceRequest.HEALTH_CHECK_GRACE_SECONDS);
        }
        return create.build();
    }

    private static DeploymentConfiguration deployment(ServiceRequest request) {
        DeploymentConfiguration.Builder deployment = DeploymentConfiguration.builder()
                .minimumHealthyPercent(request.minimumHealthyPercent()).maximumPercent(request.maximumPercent());
        if (request.circuitBreaker()) {
            deployment.deploymentCircuitBreaker(b -> b.enable(true).rollback(true));
        }
        return deployment.build();
    }

    private String now(String cluster, String service) {
        return describe(cluster, service).map(s -> s.status() + ", running " + s.runningCount() + " of "
                + s.desiredCount() + ", " + s.deployments().size() + " deployment(s)").orElse("gone");
    }

    /** ACTIVE or DRAINING; an INACTIVE service is as good as gone (its name can be reused). */
    private Optional<Service> describe(String cluster, String service) {
        return calls.find("DescribeServices", service, () -> ecs.describeServices(r -> r.cluster(cluster)
                .services(service).include(ServiceField.TAGS))).flatMap(response -> response.services().stream()
                .filter(s -> !"INACTIVE".equals(s.status())).findFirst());
    }

    private static void requireOwned(Owner owner, PlanTags.Touch touch, Service service) {
        PlanTags.requireOwned(owner, touch, AwsService.ECS, "service", service.serviceName(), tagsOf(service.tags()));
    }

    private static Map<String, String> tagsOf(List<Tag> tags) {
        return PlanTags.toMap(tags, Tag::key, Tag::value);
    }

    private static List<Tag> sdkTags(PlanTags tags) {
        return tags.as((k, v) -> Tag.builder().key(k).value(v).build());
    }
}
