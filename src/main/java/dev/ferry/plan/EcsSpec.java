package dev.ferry.plan;

import java.util.List;
import java.util.Optional;

/** The ECS cluster and one Fargate service per compose service that moves. */
public record EcsSpec(
        String cluster,
        String image,
        String executionRoleArn,
        String taskRoleArn,
        String logGroup,
        List<EcsService> services) {

    public EcsSpec {
        services = List.copyOf(services);
    }

    public Optional<EcsService> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
