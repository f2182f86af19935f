package dev.ferry.database;

import dev.ferry.step.SourceInventory;
import dev.ferry.step.SourceInventory.TableSize;
import dev.ferry.step.TableName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The copy method's data phase: every table's rows by COPY, {@code jobs} pipes at a time, largest first. A table that
 * would hold up the others (more than its share of the bytes, at least {@link #SPLIT_MIN_BYTES}) with a single integer
 * key is copied as {@code jobs} key ranges in parallel, as pgcopydb's {@code --split-tables-larger-than} does: Redash's
 * query_results is most of its database, and one pipe for it leaves the other cores idle.
 */
final class ParallelCopy {
    static final long SPLIT_MIN_BYTES = 8L << 20;
    private static final String PSQL_FLAGS = " -X -q -v ON_ERROR_STOP=1";

    /** One pipe's work: a whole table, or part {@code part} (0-based) of {@code parts} of a split one. */
    record Item(TableSize table, int index, int part, int parts) {
        long bytes() {
            return table.bytes() / parts;
        }

        String command() {
            String label = MoveScript.quote(table.table().toString());
            if (parts == 1) {
                return "copy_table " + MoveScript.quote(table.table().sql()) + " " + index + " " + label;
            }
            return "copy_part " + MoveScript.quote(select()) + " " + MoveScript.quote(table.table().sql()) + " " + index
                    + " " + part + " " + parts + " " + label;
        }

        /**
         * The rows of key range {@code part}: boundaries min + floor(span * i / parts), from the key's index at run
         * time (the writers are stopped), cast back to bigint so the comparison can use that index.
         */
        String select() {
            String key = TableName.quote(table.splitKey());
            String t = table.table().sql();
            String lower = part == 0 ? null : "r." + key + " >= " + boundary(key, t, part);
            String upper = part == parts - 1 ? null : "r." + key + " < " + boundary(key, t, part + 1);
            String where = java.util.stream.Stream.of(lower, upper).filter(java.util.Objects::nonNull)
                    .collect(Collectors.joining(" and "));
            return "select r.* from " + t + " r where " + where;
        }

        private String boundary(String key, String t, int i) {
            return "(select (min(" + key + ") + floor((max(" + key + ")::numeric - min(" + key + ") + 1) * " + i + " / "
                    + parts + "))::bigint from " + t + ")";
        }
    }

    private ParallelCopy() {
    }

    static void append(MoveScript script, ClientTools tools, int jobs, SourceInventory inventory) {
        List<Item> items = items(inventory, jobs);
        script.raw(functions(tools));
        items.stream().filter(i -> i.part() == 0 && i.parts() > 1).forEach(i -> script.step(tools.psql() + PSQL_FLAGS
                + " -d \"$TGT\" -c " + MoveScript.quote("TRUNCATE " + i.table().table().sql()),
                "truncate " + i.table().table()));
        List<List<Item>> lanes = lanes(items, jobs);
        script.raw("R=");
        for (int i = 0; i < lanes.size(); i++) {
            script.raw("( " + lanes.get(i).stream().map(Item::command).collect(Collectors.joining(" && ")) + " ) & L" + i
                    + "=$!");
        }
        script.raw(IntStream.range(0, lanes.size()).mapToObj(i -> "wait $L" + i + " || R=1")
                .collect(Collectors.joining("; ")) + (lanes.isEmpty() ? ":" : ""));
        script.raw("[ -z \"$R\" ] || fail 'table copy'");
        script.shown("for each table, " + jobs + " at a time, largest first (a table over its share split into " + jobs
                + " key ranges copied in parallel): " + tools.psql() + " -d \"$SRC\" -c 'COPY t TO STDOUT' | " + tools.psql()
                + " -1 -d \"$TGT\" -c 'TRUNCATE t' -c 'COPY t FROM STDIN (FREEZE)'");
    }

    /** Whole tables, and the parts of those worth splitting. */
    static List<Item> items(SourceInventory inventory, int jobs) {
        long total = inventory.totalBytes();
        List<Item> items = new ArrayList<>();
        for (int index = 0; index < inventory.tables().size(); index++) {
            TableSize t = inventory.tables().get(index);
            int parts = splits(t, total, jobs) ? jobs : 1;
            for (int part = 0; part < parts; part++) {
                items.add(new Item(t, index, part, parts));
            }
        }
        return items;
    }

    private static boolean splits(TableSize t, long total, int jobs) {
        return jobs > 1 && t.splitKey() != null && t.bytes() >= SPLIT_MIN_BYTES && t.bytes() * jobs > total;
    }

    /** Greedy longest-processing-time split: each item, largest first, goes to the lane with the fewest bytes so far. */
    static List<List<Item>> lanes(List<Item> items, int jobs) {
        List<List<Item>> lanes = new ArrayList<>();
        long[] load = new long[Math.min(jobs, items.size())];
        for (int i = 0; i < load.length; i++) {
            lanes.add(new ArrayList<>());
        }
        items.stream().sorted(Comparator.comparingLong(Item::bytes).reversed()).forEach(item -> {
            int lightest = 0;
            for (int i = 1; i < load.length; i++) {
                lightest = load[i] < load[lightest] ? i : lightest;
            }
            lanes.get(lightest).add(item);
            load[lightest] += item.bytes();
        });
        return lanes;
    }

    /**
     * A part's pipe leaves a mark when it is done; whichever finds every part of its table marked says the table is
     * copied (two may both say it; the progress counts a table once).
     */
    private static String functions(ClientTools tools) {
        return "copy_table() {\n"
                + "  echo \"ferry: copying table $3\"\n"
                + "  { " + tools.psql() + PSQL_FLAGS + " -d \"$SRC\" -c \"COPY $1 TO STDOUT\"; echo $? >\"$W/t$2.rc\"; } |\n"
                + "  " + tools.psql() + PSQL_FLAGS + " -1 -d \"$TGT\" -c \"TRUNCATE $1\" -c \"COPY $1 FROM STDIN (FREEZE)\" &&\n"
                + "  [ \"$(cat \"$W/t$2.rc\")\" = 0 ] && echo \"ferry: copied table $3\"\n"
                + "}\n"
                + "copy_part() {\n"
                + "  echo \"ferry: copying part $(($4 + 1)) of $5 of table $6\"\n"
                + "  { " + tools.psql() + PSQL_FLAGS + " -d \"$SRC\" -c \"COPY ($1) TO STDOUT\"; echo $? >\"$W/t$3.$4.rc\"; } |\n"
                + "  " + tools.psql() + PSQL_FLAGS + " -d \"$TGT\" -c \"COPY $2 FROM STDIN\" &&\n"
                + "  [ \"$(cat \"$W/t$3.$4.rc\")\" = 0 ] && : >\"$W/t$3.$4.done\" &&\n"
                + "  { [ \"$(ls \"$W\" | grep -c \"^t$3\\..*\\.done$\")\" != \"$5\" ] || echo \"ferry: copied table $6\"; }\n"
                + "}";
    }
}
