package dev.ferry.doctor;

import dev.ferry.host.ComposeCommands;
import dev.ferry.host.HostCommands;
import dev.ferry.host.ShellWords;
import dev.ferry.plan.Plan;
import dev.ferry.plan.StepIds;
import dev.ferry.step.HostConnector;
import dev.ferry.step.RemoteShell;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import dev.ferry.step.ReplicationPorts.Names;
import dev.ferry.step.StepContext;
import dev.ferry.steps.MoveSettings;
import dev.ferry.steps.PostgresCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The line {@code ferry status} adds for a plan whose move-database replicates: ferry's replication slot on the source,
 * whether a subscriber is attached, and the WAL it holds back on the host's disk. Read-only: one SSH connection and
 * one query of pg_replication_slots with psql in the postgres container; nothing when no slot exists.
 */
public final class SlotReport {
    private static final Duration QUERY = Duration.ofSeconds(20);

    private SlotReport() {
    }

    public static boolean applies(Plan plan) {
        return plan.step(StepIds.MOVE_DATABASE)
                .map(spec -> new MoveSettings(new StepContext(plan, spec)).mayReplicate()).orElse(false);
    }

    /**
     * The slots' line (the subscription's and the verification's tracking slot), empty when the source has neither; a
     * source ferry cannot read is said in the line.
     */
    public static Optional<String> line(Plan plan, HostConnector connector) {
        Names names = Names.forPlan(plan.name());
        String slot = names.slot();
        String sql = "select slot_name || ' ' || case when active then 'active' else 'inactive' end || ' ' || coalesce("
                + "pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint::text, '?') from pg_replication_slots"
                + " where slot_name in ('" + slot + "', '" + names.verifySlot() + "') order by slot_name";
        String service = new MoveSettings(new StepContext(plan, plan.step(StepIds.MOVE_DATABASE).orElseThrow())).service();
        try (RemoteShell shell = connector.connect(plan.source())) {
            String query = new PostgresCommands(ComposeCommands.detect(shell, plan.compose()), service).query("postgres", sql);
            CommandResult result = shell.run(RemoteCommand.of(ShellWords.runnable(query), QUERY));
            if (!result.ok()) {
                return Optional.of(unreadable(slot, "psql in " + service + " exited " + result.exitCode()
                        + HostCommands.lastLine(result)));
            }
            List<String[]> rows = result.stdout().lines().map(String::strip).filter(l -> !l.isEmpty())
                    .map(l -> l.split(" ")).toList();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            boolean active = rows.stream().anyMatch(row -> "active".equals(row[1]));
            return Optional.of(rows.stream().map(row -> "replication slot " + row[0] + " on the source: " + row[1]
                    + ", lag " + row[2] + " bytes").collect(Collectors.joining("; "))
                    + " (WAL kept on the host's disk until the slot is dropped"
                    + (active ? ")" : "; no subscriber: `ferry rollback PLAN --to " + StepIds.MOVE_DATABASE
                    + "` or decommission drops it)"));
        } catch (RuntimeException e) {
            return Optional.of(unreadable(slot, String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
    }

    private static String unreadable(String slot, String why) {
        return "replication slot " + slot + " on the source: cannot read it (" + why + ")";
    }
}
