package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.database.LogicalReplication;
import dev.ferry.host.ComposeFile;
import dev.ferry.host.HostCommands;
import dev.ferry.host.HostFiles;
import dev.ferry.step.Action;
import dev.ferry.step.Effect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What upgrade-local-postgres adds when move-database uses {@code method: replicate} or {@code auto} (which replicates
 * when it can; a compose command ferry cannot extend then only means no replication): the upgraded postgres starts with
 * {@code wal_level=logical} and room for ferry's slots and WAL senders, as {@code -c} flags of its compose command.
 * Not ALTER SYSTEM: pgautoupgrade rebuilds the data directory (initdb + pg_upgrade) and carries over only pg_hba.conf
 * and pg_ident.conf, so postgresql.auto.conf would be lost. The command is applied by the restart the upgrade makes
 * anyway, survives recreating the container, and the rollback's restore of the compose file takes it back.
 */
final class LogicalWal {
    /** PostgreSQL's default for both since 10. */
    static final int FLOOR = 10;
    private static final String ID = UpgradeLocalPostgres.ID;
    private static final String KEY = "logicalWalCommand";
    private static final String SETTINGS = "select current_setting('wal_level') || ' ' || current_setting("
            + "'max_replication_slots') || ' ' || (select count(*) from pg_replication_slots) || ' ' || current_setting("
            + "'max_wal_senders') || ' ' || (select count(*) from pg_stat_replication)";

    private final UpgradeSettings s;

    LogicalWal(UpgradeSettings settings) {
        this.s = settings;
    }

    private String flags() {
        int n = LogicalReplication.slotsNeeded();
        return "-c wal_level=logical -c max_replication_slots=<max(" + FLOOR + ", now, in use + " + n + ")>"
                + " -c max_wal_senders=<max(" + FLOOR + ", now, in use + " + n + ")>";
    }

    /** Before anything stops: the settings in use and the command to write, refused when ferry cannot extend it. */
    Action check() {
        String path = s.compose().composePath();
        return new Action("check-logical-wal", "read the WAL settings and the command of " + s.service()
                + " (move-database.method: replicate needs logical WAL)",
                List.of(Effect.check(s.postgres().query("postgres", SETTINGS)),
                        Effect.check("read " + path + ": command of service " + s.service() + " (absent, or postgres"
                                + " with flags)")),
                ctx -> {
                    if (ctx.output(ID, KEY).isPresent()) {
                        ctx.progress("WAL settings already read: " + ctx.output(ID, KEY).get());
                        return;
                    }
                    String current = ComposeFile.parse(ctx.host().readFile(path)).command(s.service()).orElse(null);
                    String[] now = settings(HostCommands.require(ctx, s.postgres(ctx).query("postgres", SETTINGS),
                            "Check that " + s.service() + " runs"));
                    int n = LogicalReplication.slotsNeeded();
                    int slots = Math.max(FLOOR, Math.max(Integer.parseInt(now[1]), Integer.parseInt(now[2]) + n));
                    int senders = Math.max(FLOOR, Math.max(Integer.parseInt(now[3]), Integer.parseInt(now[4]) + n));
                    String command;
                    try {
                        command = command(current, slots, senders);
                    } catch (RuntimeException cannot) {
                        if (s.mustReplicate()) {
                            throw cannot;
                        }
                        ctx.record(KEY, "");
                        ctx.progress(s.service() + "'s compose command is not one ferry can extend, so the upgraded one"
                                + " keeps it: move-database.method auto will pick a dump unless WAL is logical already");
                        return;
                    }
                    ctx.record(KEY, command);
                    ctx.progress(s.service() + ": wal_level " + now[0] + ", max_replication_slots " + now[1]
                            + ", max_wal_senders " + now[3] + "; the upgraded one starts as `" + command + "`");
                });
    }

    /** wal_level and four counts, as SETTINGS reads them; anything else is refused with what psql printed. */
    static String[] settings(String output) {
        String[] now = output.strip().split(" ");
        if (now.length != 5 || !Arrays.stream(now).skip(1).allMatch(v -> v.matches("[0-9]{1,6}"))) {
            String shown = output.strip().length() > 200 ? output.strip().substring(0, 200) + "..." : output.strip();
            throw Failures.preflight("reading the WAL settings of the local postgres printed `" + shown
                    + "`, not wal_level and four counts", "Check the service with `docker compose exec` and psql,"
                    + " then run the step again");
        }
        return now;
    }

    /** After the image swap, before the restart: the flags go into the compose command (same backup as the image). */
    Action set() {
        String path = s.compose().composePath();
        return new Action("set-logical-wal", "start " + s.service() + " with logical WAL from the upgrade's restart on",
                List.of(Effect.edit(path + ": services." + s.service() + ".command += " + flags() + "  # if not"
                        + " already so; the same backup as the image swap")),
                ctx -> {
                    if (ctx.requireOutput(ID, KEY).isEmpty()) {
                        ctx.progress("the compose command stays as it is (check-logical-wal said why)");
                        return;
                    }
                    HostFiles.edit(ctx, ID, "composeFile", path, text ->
                            ComposeFile.parse(text).withCommand(s.service(), ctx.requireOutput(ID, KEY)).text());
                });
    }

    /** After the restart: the server runs with what was written. */
    Action verify() {
        return new Action("verify-logical-wal", "check that " + s.service() + " runs with wal_level logical",
                List.of(Effect.check(s.postgres().query("postgres", SETTINGS) + "  # expect logical and the flags")),
                ctx -> {
                    if (ctx.requireOutput(ID, KEY).isEmpty()) {
                        ctx.progress("no logical WAL flags were written; nothing to verify");
                        return;
                    }
                    String[] now = HostCommands.require(ctx, s.postgres(ctx).query("postgres", SETTINGS),
                            "Check the postgres logs").strip().split(" ");
                    String expected = ctx.requireOutput(ID, KEY);
                    if (!"logical".equals(now[0])) {
                        throw Failures.stepWithNextAction(s.service() + " runs with wal_level " + now[0] + ", not"
                                + " logical, though its command is `" + expected + "`", "Read `"
                                + s.preview().logs(s.service(), 100) + "`, fix the command, then resume; or roll back"
                                + " with `ferry rollback PLAN --to " + ID + "`");
                    }
                    ctx.progress(s.service() + ": wal_level logical, max_replication_slots " + now[1]
                            + ", max_wal_senders " + now[3]);
                });
    }

    /**
     * {@code current} (the compose command, null when absent) with the three flags set: replaced where it has them,
     * appended where not. Refused unless it is plain words starting with {@code postgres} or a flag.
     */
    static String command(String current, int slots, int senders) {
        String text = current == null ? "postgres" : unquoted(current);
        List<String> words = new ArrayList<>(Arrays.asList(text.strip().split("\\s+")));
        if (!text.matches("[A-Za-z0-9_./:=,\\- ]+") || !(words.get(0).equals("postgres") || words.get(0).startsWith("-"))) {
            throw Failures.preflight("the compose command of the postgres service is `" + current + "`, which ferry"
                    + " cannot extend with the logical-replication flags; nothing was changed", "Add `-c wal_level=logical"
                    + " -c max_replication_slots=" + slots + " -c max_wal_senders=" + senders + "` to it by hand, or set"
                    + " move-database.method: stream");
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("wal_level", "logical");
        wanted.put("max_replication_slots", String.valueOf(slots));
        wanted.put("max_wal_senders", String.valueOf(senders));
        wanted.forEach((name, value) -> {
            int at = -1;
            for (int i = 0; i + 1 < words.size(); i++) {
                if (words.get(i).equals("-c") && words.get(i + 1).startsWith(name + "=")) {
                    at = i + 1;
                }
            }
            if (at < 0) {
                words.addAll(List.of("-c", name + "=" + value));
            } else {
                words.set(at, name + "=" + value);
            }
        });
        return String.join(" ", words);
    }

    private static String unquoted(String value) {
        boolean quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }
}
