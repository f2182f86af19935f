package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.sandbox.SandboxPlan;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.testing.FerryCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ferry run <sandbox plan> --until upgrade-local-postgres --yes} against the sandbox host over real SSH, and
 * {@code ferry rollback}: PostgreSQL 12 → 15 keeping every row, then back to 12 with the same data and the compose
 * file byte for byte; with a data dir copy and with the dump alone; and runs that fail before anything stops.
 *
 * <p>The tests share one host (seeding it is the slow part). Each one uses its own plan name, so its own state, and
 * leaves the host as it found it: PostgreSQL 12 with the seed data and every service running.
 */
class SandboxUpgradeTest {
    private static UpgradeSandbox sandbox;
    private static final List<String> WRITERS = List.of("server", "scheduler", "worker", "adhoc_worker",
            "scheduled_worker");

    @BeforeAll
    static void start() throws Exception {
        sandbox = UpgradeSandbox.start("ferry-cli-upgrade-");
    }

    @AfterAll
    static void stop() throws IOException {
        sandbox.close();
    }

    @AfterEach
    void realDisks() {
        sandbox.host.limitFreeSpace(-1);
    }

    @Test
    void runUpgradesTo15KeepingEveryRowAndRollbackRestores12() throws Exception {
        Path plan = plan("sandbox-upgrade", "");
        String composeBefore = Files.readString(sandbox.redash.composeFile());
        String before = checksums();
        assertThat(before).isEqualTo(sandbox.seedChecksums);

        Result run = ferry(sandbox.wiring, "run", plan.toString(), "--until", "upgrade-local-postgres", "--yes");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("paused");
        assertThat(serverVersion()).startsWith("15.");
        assertThat(checksums()).isEqualTo(before);
        assertThat(Files.readString(sandbox.redash.composeFile())).contains("pgautoupgrade/pgautoupgrade:15-alpine")
                .doesNotContain("command: postgres");
        assertThat(setting("wal_level")).as("no replicate plan: the WAL level is left alone").isEqualTo("replica");
        assertThat(run.err()).doesNotContain("logical-wal");
        assertThat(runningServices()).containsAll(WRITERS);
        Result status = ferry(sandbox.wiring, "status", plan.toString());
        assertThat(status.out()).containsPattern("upgrade-local-postgres\\s+applied");
        assertThat(Files.list(sandbox.root.resolve("var/backups/ferry")).map(p -> p.getFileName().toString()))
                .anyMatch(n -> n.startsWith("sandbox-upgrade-postgres-data-"))
                .anyMatch(n -> n.startsWith("sandbox-upgrade-postgres-") && n.endsWith(".sql"));
        try (var backups = Files.list(sandbox.root.resolve("var/backups/ferry"))) {
            assertThat(backups.filter(p -> p.toString().endsWith(".sql")).map(SandboxUpgradeTest::mode))
                    .as("the dump (password hashes, all data) is the SSH user's only").containsExactly("rw-------");
        }

        Result rollback = ferry(sandbox.wiring, "rollback", plan.toString(), "--last", "--yes");
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(serverVersion()).startsWith("12.");
        assertThat(checksums()).isEqualTo(before);
        assertThat(Files.readString(sandbox.redash.composeFile())).isEqualTo(composeBefore);
        assertThat(runningServices()).containsAll(WRITERS);
    }

    /**
     * A plan whose move-database replicates: the upgraded postgres starts with logical WAL and room for ferry's slots
     * (the compose command's -c flags), said in the preview; doctor's replication check then passes; a second run
     * changes nothing; the rollback takes the flags back with the compose file and the old data directory.
     */
    @Test
    void aReplicatePlanStartsTheUpgradedPostgresWithLogicalWalAndTheRollbackTakesItBack() throws Exception {
        String composeBefore = Files.readString(sandbox.redash.composeFile());
        Path plan = plan("sandbox-logical", "", sandbox.root.resolve("var/backups/ferry"),
                "  - id: provision\n  - id: move-database\n    options:\n      method: replicate\n");
        assertThat(setting("wal_level")).isEqualTo("replica");

        Result preview = ferry(sandbox.wiring, "plan", plan.toString(), "--detail");
        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(preview.out().replaceAll("\\s+", " ")).contains("check-logical-wal", "set-logical-wal", "verify-logical-wal",
                "services.postgres.command += -c wal_level=logical -c max_replication_slots=<max(10, now, in use + 3)>");

        Result before = ferry(sandbox.wiring, "doctor", plan.toString());
        assertThat(before.out()).as(before.out() + before.err()).containsPattern("! postgres:logical-replication +wal_level"
                + " is replica, needs logical").contains("fix: upgrade-local-postgres sets them for method replicate");

        Result run = ferry(sandbox.wiring, "run", plan.toString(), "--until", "upgrade-local-postgres", "--yes");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("postgres: wal_level replica", "wal_level logical, max_replication_slots 10");
        assertThat(serverVersion()).startsWith("15.");
        assertThat(setting("wal_level")).isEqualTo("logical");
        assertThat(Integer.parseInt(setting("max_replication_slots"))).isGreaterThanOrEqualTo(10);
        assertThat(Integer.parseInt(setting("max_wal_senders"))).isGreaterThanOrEqualTo(10);
        assertThat(Files.readString(sandbox.redash.composeFile())).contains("    image: pgautoupgrade/pgautoupgrade:15-alpine\n"
                + "    command: postgres -c wal_level=logical -c max_replication_slots=10 -c max_wal_senders=10\n");
        assertThat(checksums()).isEqualTo(sandbox.seedChecksums);
        assertThat(runningServices()).containsAll(WRITERS);

        Result doctor = ferry(sandbox.wiring, "doctor", plan.toString());
        assertThat(doctor.out()).as(doctor.out() + doctor.err()).containsPattern("✓ postgres:logical-replication +wal_level"
                + " logical");

        Result rollback = ferry(sandbox.wiring, "rollback", plan.toString(), "--last", "--yes");
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(serverVersion()).startsWith("12.");
        assertThat(setting("wal_level")).isEqualTo("replica");
        assertThat(Files.readString(sandbox.redash.composeFile())).isEqualTo(composeBefore);
        assertThat(checksums()).isEqualTo(sandbox.seedChecksums);
        assertThat(runningServices()).containsAll(WRITERS);
    }

    /**
     * copyDataDir: false: the dump is the only backup, so the rollback starts the old image on an empty data dir
     * (it initialises a fresh 12 cluster) and loads the dump into it. The compose file carries comments, odd spacing
     * and CRLF line ends, which the image swap keeps and the rollback restores byte for byte.
     */
    @Test
    void dumpOnlyBackupRollsBackIntoAFresh12ClusterAndRestoresAHandEditedComposeFileByteForByte() throws Exception {
        Path plan = plan("sandbox-dump-only", "      copyDataDir: false\n");
        String original = Files.readString(sandbox.redash.composeFile());
        String handEdited = ("# Redash on prod-1: edited by hand, keep the comments\n" + original)
                .replace("    image: " + RedashSandbox.POSTGRES_IMAGE + "\n",
                        "    image:    \"" + RedashSandbox.POSTGRES_IMAGE + "\"     # pinned: OPS-1234\t\n")
                .replace("  redis:\n", "   \n  # the cache\n  redis:   \n")
                .replace("\n", "\r\n");
        Files.writeString(sandbox.redash.composeFile(), handEdited);
        try {
            Result run = ferry(sandbox.wiring, "run", plan.toString(), "--until", "upgrade-local-postgres", "--yes");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.err()).contains("no data dir copy to take").doesNotContain("copied the data directory");
            assertThat(serverVersion()).startsWith("15.");
            assertThat(checksums()).isEqualTo(sandbox.seedChecksums);
            String upgraded = Files.readString(sandbox.redash.composeFile());
            assertThat(upgraded).contains("    image:    \"pgautoupgrade/pgautoupgrade:15-alpine\"     # pinned: OPS-1234\t\r\n");
            assertThat(upgraded.replace("\r\n", "")).doesNotContain("\n");
            assertThat(upgraded.replace("pgautoupgrade/pgautoupgrade:15-alpine", RedashSandbox.POSTGRES_IMAGE))
                    .isEqualTo(handEdited);

            Result rollback = ferry(sandbox.wiring, "rollback", plan.toString(), "--last", "--yes");
            assertThat(rollback.code()).as(rollback.err()).isZero();
            assertThat(rollback.err()).contains("undo restore-dump").doesNotContain("no dump to load");
            assertThat(serverVersion()).startsWith("12.");
            assertThat(checksums()).isEqualTo(sandbox.seedChecksums);
            assertThat(Files.readString(sandbox.redash.composeFile())).isEqualTo(handEdited);
            assertThat(runningServices()).containsAll(WRITERS);
        } finally {
            Files.writeString(sandbox.redash.composeFile(), original);
        }
    }

    /** A full disk and a backup dir that cannot be created stop the step before anything stops: the app keeps running. */
    @Test
    void aRunThatCannotBackUpSaysWhatToDoAndLeavesTheAppRunning() throws Exception {
        String composeBefore = Files.readString(sandbox.redash.composeFile());
        sandbox.host.limitFreeSpace(1024 * 1024);
        Path full = plan("sandbox-disk-full", "");
        Result run = ferry(sandbox.wiring, "run", full.toString(), "--until", "upgrade-local-postgres", "--yes");
        assertThat(run.code()).isEqualTo(7);
        assertThat(run.err()).contains("failed at action check-disk-space", "only 1 MiB free next to the data directory",
                "nothing was changed", "Free space on the disk holding", "next: fix the cause, then run `ferry resume PLAN`")
                .contains("nothing was changed (only checks ran), so there is nothing to roll back")
                .doesNotContain("recover");
        assertUntouched(composeBefore);

        sandbox.host.limitFreeSpace(-1);
        Path blocked = plan("sandbox-backup-dir", "", sandbox.redash.envFile().resolve("backups"));
        run = ferry(sandbox.wiring, "run", blocked.toString(), "--until", "upgrade-local-postgres", "--yes");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("failed at action check-disk-space", "Not a directory",
                "Nothing was stopped or changed", "set upgrade-local-postgres.backupDir");
        assertUntouched(composeBefore);
    }

    /**
     * The dump dies half way (the SSH connection drops; a data command is never repeated by itself) after the writers
     * were stopped: ferry starts the writers again at once (recovery) and says what to do; the rollback then leaves
     * the data directory, which still holds the 12 cluster, alone.
     */
    @Test
    void aRunThatFailsAfterStoppingTheWritersIsUndoneWithoutTouchingTheData() throws Exception {
        String composeBefore = Files.readString(sandbox.redash.composeFile());
        Path plan = plan("sandbox-dump-cut", "      copyDataDir: false\n");
        sandbox.host.dropConnectionDuring("pg_dumpall", Duration.ofMillis(300));
        Result run = ferry(sandbox.wiring, "run", plan.toString(), "--until", "upgrade-local-postgres", "--yes");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("failed at action dump-database", "Nothing was upgraded",
                "next: fix the cause, then run `ferry resume PLAN`", "`ferry rollback PLAN --last`",
                "recovered: start server, scheduler");
        assertThat(runningServices()).contains("postgres").containsAll(WRITERS);

        Result rollback = ferry(sandbox.wiring, "rollback", plan.toString(), "--last", "--yes");
        assertThat(rollback.code()).as(rollback.err()).isZero();
        // the data directory and the dump are restored only when the new postgres ran on them: it never started
        assertThat(rollback.err()).contains("skip undo restore-data-dir: recreate-postgres never ran",
                "skip undo restore-dump: recreate-postgres never ran");
        assertUntouched(composeBefore);
        assertThat(checksums()).isEqualTo(sandbox.seedChecksums);
    }

    private static void assertUntouched(String composeBefore) throws Exception {
        assertThat(runningServices()).containsAll(WRITERS).contains("postgres");
        assertThat(serverVersion()).startsWith("12.");
        assertThat(Files.readString(sandbox.redash.composeFile())).isEqualTo(composeBefore);
    }

    private static Path plan(String name, String options) throws Exception {
        return plan(name, options, sandbox.root.resolve("var/backups/ferry"));
    }

    private static Path plan(String name, String options, Path backupDir) throws Exception {
        return plan(name, options, backupDir, "");
    }

    private static Path plan(String name, String options, Path backupDir, String moreSteps) throws Exception {
        Path plan = sandbox.root.resolve(name + ".yaml");
        SandboxPlan yaml = SandboxPlan.named(name).source(sandbox.host.sourceHost(sandbox.knownHosts)).redashCompose(sandbox.redash.directory());
        if (!moreSteps.isEmpty()) {
            yaml.target(SandboxWorld.defaults(), name, 16).edge(SandboxWorld.defaults(), 60);
        }
        Files.writeString(plan, yaml
                .steps("  - id: upgrade-local-postgres\n    options:\n      targetMajor: 15\n"
                        + "      backupDir: " + backupDir + "\n" + options + moreSteps)
                .yaml());
        return plan;
    }

    private static List<String> runningServices() {
        return sandbox.runningServices();
    }

    private static String checksums() {
        return sandbox.checksums();
    }

    private static String setting(String name) {
        return sandbox.setting(name);
    }

    private static String serverVersion() {
        return sandbox.setting("server_version");
    }

    private static CommandResult compose(String arguments) {
        return sandbox.compose(arguments);
    }

    private static String mode(Path file) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
