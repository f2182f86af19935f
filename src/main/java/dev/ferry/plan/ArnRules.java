package dev.ferry.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ARNs against the rest of the plan: the partition of target.region, the region of the listener (IAM ARNs have
 * none), and one account, since ECS takes only roles of its own account and the load balancer must reach its tasks.
 */
final class ArnRules {
    private final LoadContext ctx;

    ArnRules(LoadContext ctx) {
        this.ctx = ctx;
    }

    private record Field(String path, Arn arn) {
    }

    void check(Plan plan) {
        String region = plan.target() == null ? null : plan.target().region();
        Optional<String> partition = region == null ? Optional.empty() : AwsRegions.partition(region);
        Field first = null;
        for (Field field : fields(plan)) {
            Arn arn = field.arn();
            if (partition.isPresent() && !arn.partition().equals(partition.get())) {
                report(field, "is in partition '" + arn.partition() + "', but target.region " + region + " is in '"
                        + partition.get() + "'; write it as " + arn.withPartition(partition.get()));
            } else if (region != null && !arn.region().isEmpty() && !arn.region().equals(region)) {
                report(field, "is in region " + arn.region() + ", but target.region is " + region + "; ferry creates"
                        + " the server's target group there, and a listener routes only within its region: use the"
                        + " listener of a load balancer in " + region);
            } else if (first != null && !arn.account().equals(first.arn().account())) {
                report(field, "is in account " + arn.account() + ", but " + first.path() + " (line "
                        + line(first) + ") is in account " + first.arn().account() + "; ferry works in one account,"
                        + " so name one in account " + first.arn().account());
            }
            first = first == null ? field : first;
        }
    }

    private List<Field> fields(Plan plan) {
        List<Field> fields = new ArrayList<>();
        if (plan.target() != null && plan.target().ecs() != null) {
            add(fields, "target.ecs.executionRoleArn", plan.target().ecs().executionRoleArn());
            add(fields, "target.ecs.taskRoleArn", plan.target().ecs().taskRoleArn());
        }
        if (plan.edge() != null) {
            add(fields, "edge.listenerArn", plan.edge().listenerArn());
        }
        return fields;
    }

    private void add(List<Field> fields, String path, String value) {
        if (value != null && ctx.at(path).isPresent()) {
            Arn.parse(value).ifPresent(arn -> fields.add(new Field(path, arn)));
        }
    }

    private void report(Field field, String reason) {
        ctx.problem(ctx.at(field.path()).orElseThrow(), Subject.field(field.path()),
                "'" + field.arn() + "' in " + field.path() + " " + reason);
    }

    private int line(Field field) {
        return ctx.at(field.path()).orElseThrow().line();
    }
}
