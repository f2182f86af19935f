package dev.ferry.sandbox.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** RDS events, as DescribeEvents lists them: oldest first, the last hour unless {@code Duration} says otherwise. */
final class RdsEvents {
    private record Event(String sourceId, String sourceType, String sourceArn, String category, String message,
                         Instant date) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Env env;

    RdsEvents(Env env) {
        this.env = env;
    }

    void dbInstance(String id, String category, String message) {
        events.add(new Event(id, "db-instance", env.arn("rds", "db:" + id), category, message, Instant.now()));
    }

    void describe(QueryParams p, Xml out) {
        String sourceId = p.get("SourceIdentifier");
        String sourceType = p.get("SourceType");
        if (sourceId != null && sourceType == null) {
            throw AwsException.badRequest("InvalidParameterCombination",
                    "Cannot specify source identifier without source type");
        }
        Instant since = Instant.now().minus(Duration.ofMinutes(p.integer("Duration", 60)));
        List<Event> matching = events.stream()
                .filter(e -> sourceId == null || e.sourceId().equalsIgnoreCase(sourceId))
                .filter(e -> sourceType == null || e.sourceType().equals(sourceType))
                .filter(e -> !e.date().isBefore(since))
                .limit(p.integer("MaxRecords", 100)).toList();
        out.list("Events", "Event", matching, (x, e) -> x.el("SourceIdentifier", e.sourceId())
                .el("SourceType", e.sourceType()).el("Message", e.message())
                .values("EventCategories", "EventCategory", List.of(e.category()))
                .el("Date", e.date()).el("SourceArn", e.sourceArn()));
    }
}
