package dev.ferry.database;

import dev.ferry.step.SourceInventory;
import dev.ferry.step.SourceInventory.TableSize;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link Pipeline}'s output line by line and keeps count of finished tables and their bytes (each table's
 * on-disk size from the inventory: the tools print no byte counts without pv). Understands the ferry markers, serial
 * {@code pg_restore -v} ("processing data for table") and parallel {@code pg_restore -j -v} ("finished item ... TABLE DATA").
 */
public final class ProgressParser implements Consumer<String> {
    private static final Pattern PHASE = Pattern.compile("^ferry: phase (\\S+)");
    private static final Pattern COPIED = Pattern.compile("^ferry: copied table (.+)$");
    private static final Pattern FAILED = Pattern.compile("^ferry: failed: (.+)$");
    private static final Pattern PROCESSING = Pattern.compile("^pg_restore: processing data for table \"(.+)\"$");
    private static final Pattern FINISHED = Pattern.compile("^pg_restore: finished item \\d+ TABLE DATA (.+)$");
    private static final Pattern AFTER_DATA = Pattern.compile("^pg_restore: (executing SEQUENCE SET|creating (INDEX|CONSTRAINT|FK CONSTRAINT|TRIGGER)) .*");
    private static final Pattern ERROR = Pattern.compile("^(pg_restore|pg_dump|psql): error: .*|^psql:.* ERROR: .*|^ERROR: .*|^FATAL: .*");

    private final Map<String, Long> sizes = new HashMap<>();
    private final Set<String> running = new LinkedHashSet<>();
    private final Set<String> done = new LinkedHashSet<>();
    private final Consumer<Progress> listener;
    private String phase = "starting";
    private String failure;
    private String firstError;
    private boolean parallel;
    private boolean finished;

    public ProgressParser(SourceInventory inventory, Consumer<Progress> listener) {
        inventory.tables().forEach(t -> sizes.put(t.table().toString(), t.bytes()));
        this.listener = listener;
    }

    public ProgressParser(SourceInventory inventory) {
        this(inventory, p -> { });
    }

    @Override
    public synchronized void accept(String line) {
        Progress before = current();
        parse(line.strip());
        Progress after = current();
        if (!after.equals(before)) {
            listener.accept(after);
        }
    }

    public synchronized Progress current() {
        long bytes = done.stream().mapToLong(t -> sizes.getOrDefault(t, 0L)).sum();
        long total = sizes.values().stream().mapToLong(Long::longValue).sum();
        return new Progress(phase, done.size(), sizes.size(), bytes, total, finished, failure == null ? firstError : failure);
    }

    private void parse(String line) {
        Matcher m;
        if ((m = PHASE.matcher(line)).find()) {
            phase = m.group(1);
        } else if ((m = COPIED.matcher(line)).find()) {
            finish(m.group(1));
        } else if ((m = FAILED.matcher(line)).find()) {
            failure = m.group(1) + (firstError == null ? "" : ": " + firstError);
        } else if ((m = PROCESSING.matcher(line)).find()) {
            if (!parallel) {
                finishRunning();
            }
            running.add(m.group(1));
        } else if ((m = FINISHED.matcher(line)).find()) {
            finishByBareName(m.group(1));
        } else if (line.equals("pg_restore: entering main parallel loop")) {
            parallel = true;
        } else if (AFTER_DATA.matcher(line).matches() && !parallel) {
            finishRunning();
        } else if (line.equals("ferry: done")) {
            finished = true;
            done.addAll(sizes.keySet());
            phase = "done";
        } else if (firstError == null && ERROR.matcher(line).matches()) {
            firstError = line;
        }
    }

    private void finish(String table) {
        running.remove(table);
        if (sizes.containsKey(table)) {
            done.add(table);
        }
    }

    private void finishRunning() {
        running.forEach(t -> {
            if (sizes.containsKey(t)) {
                done.add(t);
            }
        });
        running.clear();
    }

    /** Parallel pg_restore names the table without its schema ("finished item 2920 TABLE DATA users"). */
    private void finishByBareName(String bare) {
        String match = running.stream().filter(t -> t.endsWith("." + bare)).findFirst()
                .orElseGet(() -> sizes.keySet().stream().filter(t -> t.endsWith("." + bare) && !done.contains(t)).findFirst().orElse(bare));
        finish(match);
    }

    /** Where a move is: its phase, tables and bytes finished out of the total, and what failed (the step and the first error line seen). */
    public record Progress(String phase, int tablesDone, int tablesTotal, long bytesDone, long bytesTotal,
                           boolean finished, String failure) {
        public int percent() {
            return bytesTotal == 0 ? (finished ? 100 : 0) : (int) (bytesDone * 100 / bytesTotal);
        }

        @Override
        public String toString() {
            return phase + ": " + tablesDone + "/" + tablesTotal + " tables, " + bytesDone / (1024 * 1024) + "/"
                    + bytesTotal / (1024 * 1024) + " MB (" + percent() + "%)" + (failure == null ? "" : ", failed: " + failure);
        }
    }
}
