package dev.ferry.plan;

import java.util.List;

/**
 * What a problem is about, when a YAML alias or merge key can make several things share the node it is reported at:
 * one ECS service of many that read the same anchored env map, or one of two fields set from the same anchor. A
 * message names its subject with {@link #phrase()}; problems that differ only in their subject are reported once,
 * naming every subject (see {@link Problems}).
 */
record Subject(String kind, String name) {

    static Subject ecsService(String name) {
        return new Subject("ECS service", name);
    }

    /** A field of the plan named by its path, like target.ecs.taskRoleArn. */
    static Subject field(String path) {
        return new Subject("", path);
    }

    /** How a message names this subject: "ECS service 'worker'", or the field's path. */
    String phrase() {
        return kind.isEmpty() ? name : kind + " '" + name + "'";
    }

    /** How a message names several subjects of one kind: "ECS services 'worker' and 'adhoc_worker'". */
    static String phrase(String kind, List<String> names) {
        if (names.size() == 1) {
            return new Subject(kind, names.get(0)).phrase();
        }
        List<String> shown = kind.isEmpty() ? names : names.stream().map(n -> "'" + n + "'").toList();
        String list = String.join(", ", shown.subList(0, shown.size() - 1)) + " and " + shown.get(shown.size() - 1);
        return kind.isEmpty() ? list : kind + "s " + list;
    }
}
