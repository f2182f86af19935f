package dev.ferry.aws;

import dev.ferry.step.AwsRequests.LogGroupRequest;
import dev.ferry.step.AwsDeletions.LogGroupDeletion;
import dev.ferry.step.AwsPorts.Owner;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/** The CloudWatch Logs group the tasks write to. */
final class LogsOps {
    private static final Logger log = LoggerFactory.getLogger(LogsOps.class);

    private final CloudWatchLogsClient logs;
    private final AwsCalls calls;

    LogsOps(CloudWatchLogsClient logs, AwsSettings settings) {
        this.logs = logs;
        this.calls = new AwsCalls(AwsService.LOGS, settings);
    }

    void ensureLogGroup(LogGroupRequest request) {
        String name = request.name();
        int retentionDays = request.retentionDays();
        PlanTags wanted = PlanTags.of(request.tags());
        Optional<LogGroup> existing = find(name);
        if (existing.isPresent()) {
            wanted.requireAdoptable(AwsService.LOGS, "log group", name, tagsOf(existing.get()));
            log.info("log group {} already exists for plan {}", name, wanted.plan());
        } else {
            calls.run("CreateLogGroup", name, () -> logs.createLogGroup(r -> r.logGroupName(name)
                    .tags(wanted.values())));
            log.info("created log group {}", name);
        }
        if (existing.isEmpty() || !Objects.equals(existing.get().retentionInDays(), retentionDays)) {
            calls.run("PutRetentionPolicy", name, () -> logs.putRetentionPolicy(r -> r.logGroupName(name)
                    .retentionInDays(retentionDays)));
            log.info("log group {} keeps events for {} days", name, retentionDays);
        }
    }

    void deleteLogGroup(LogGroupDeletion deletion, Owner owner) {
        String name = deletion.name();
        Optional<LogGroup> found = find(name);
        found.ifPresent(group -> PlanTags.requireOwned(owner, PlanTags.Touch.DELETE, AwsService.LOGS, "log group",
                name, tagsOf(group)));
        boolean deleted = found.isPresent()
                && calls.delete("DeleteLogGroup", name, () -> logs.deleteLogGroup(r -> r.logGroupName(name)));
        log.info(deleted ? "deleted log group {}" : "log group {} was already gone", name);
    }

    /** ListTagsForResource by ARN; ListTagsLogGroup, which takes the name, is deprecated. */
    private Map<String, String> tagsOf(LogGroup group) {
        String arn = arnOf(group);
        return calls.call("ListTagsForResource", group.logGroupName(),
                () -> logs.listTagsForResource(r -> r.resourceArn(arn))).tags();
    }

    private Optional<LogGroup> find(String name) {
        return calls.call("DescribeLogGroups", name, () -> logs.describeLogGroups(r -> r.logGroupNamePrefix(name)))
                .logGroups().stream().filter(group -> name.equals(group.logGroupName())).findFirst();
    }

    /** {@code arn} ends in ":*"; the tagging API wants it without. */
    private static String arnOf(LogGroup group) {
        return group.logGroupArn() != null ? group.logGroupArn() : group.arn().replaceFirst(":\\*$", "");
    }
}
