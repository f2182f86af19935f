package dev.ferry.pictures;

import dev.ferry.plan.Plan;
import java.util.HashSet;
import java.util.Set;

/** The Markdown a runbook page carries for one step: the topology before and after it, as Mermaid blocks. */
public final class TopologySection {
    public static final String BEGIN = "<!-- topology: generated from the plan by ferry; do not edit by hand -->";
    public static final String END = "<!-- topology end -->";

    private TopologySection() {
    }

    /** Before: every step listed ahead of {@code stepId} applied; after: {@code stepId} applied too. */
    public static String markdown(Plan plan, String stepId, String heading) {
        Set<String> before = Topology.before(plan, stepId);
        Set<String> after = new HashSet<>(before);
        after.add(stepId);
        return BEGIN + "\n" + heading + "\n\nBefore `" + stepId + "`:\n\n```mermaid\n" + Topology.mermaid(plan, before)
                + "```\n\nAfter `" + stepId + "`:\n\n```mermaid\n" + Topology.mermaid(plan, after) + "```\n" + END + "\n";
    }
}
