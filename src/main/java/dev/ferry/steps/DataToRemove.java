package dev.ferry.steps;

import dev.ferry.host.ShellWords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code removeVolumes} deletes (exact host paths and docker volume names) and what it keeps, with the reason for
 * each: the list the typed confirmation shows and the removal then follows.
 */
final class DataToRemove {
    /** {@code volume} true: a docker volume name; else an absolute host path (as the host itself resolved it). */
    record Deletion(boolean volume, String name) {
        String describe() {
            return (volume ? "volume " : "directory ") + ShellWords.quote(name);
        }
    }

    private final Map<String, Deletion> deletions = new LinkedHashMap<>();
    private final Map<String, String> kept = new LinkedHashMap<>();

    void delete(Deletion deletion) {
        deletions.putIfAbsent(deletion.describe(), deletion);
    }

    /** {@code what} is a path or {@code volume NAME}; paths show quoted when they are not plain. */
    void keep(String what, String reason) {
        kept.putIfAbsent(what, reason);
    }

    List<Deletion> deletions() {
        return List.copyOf(deletions.values());
    }

    /** {@code delete: directory /opt/redash/postgres-data}, then {@code kept: /etc/localtime (read-only mount)}. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        deletions.values().forEach(d -> lines.add("delete: " + d.describe()));
        if (deletions.isEmpty()) {
            lines.add("delete: nothing (no data directory or named volume of the old database and cache qualifies)");
        }
        kept.forEach((what, reason) -> lines.add("kept: " + what + " (" + reason + ")"));
        return lines;
    }
}
