package dev.ferry.steps;

import dev.ferry.host.ComposeFileTest;
import dev.ferry.host.ComposeFile;
import dev.ferry.host.EnvFile;
import dev.ferry.host.EnvFileTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import dev.ferry.step.Action;
import dev.ferry.plan.StepIds;
import org.junit.jupiter.api.Test;

/** Env and compose edits run against an in-memory host: backup first, idempotent, byte-for-byte restore. */
class HostFilesTest {
    private static final String ENV = "/opt/redash/env";
    private static final String COMPOSE = "/opt/redash/docker-compose.yml";
    private static final String RDS_URL = "postgresql://redash:RdsMasterPw99@redash.abc.eu-west-1.rds.amazonaws.com:5432/redash";

    private final FakeContext ctx = new FakeContext(RedashPlan.plan(), StepIds.MOVE_DATABASE);
    private final HostActions host = new HostActions(RedashPlan.plan(), StepIds.MOVE_DATABASE);

    private Action repoint() {
        return host.setEnv("repoint-env", "REDASH_DATABASE_URL", "postgresql://redash:****@<rds endpoint>/redash", c -> RDS_URL);
    }

    @Test
    void editTakesABackupFirstAndRollbackRestoresItByteForByte() throws Exception {
        ctx.host.files.put(ENV, EnvFileTest.REDASH_ENV);
        repoint().body().run(ctx);

        String backup = ctx.outputs.get("move-database.envFileBackup");
        assertThat(backup).startsWith(ENV + ".ferry-").endsWith(".bak");
        assertThat(ctx.host.files.get(backup)).isEqualTo(EnvFileTest.REDASH_ENV);
        assertThat(EnvFile.parse(ctx.host.files.get(ENV)).get("REDASH_DATABASE_URL")).contains(RDS_URL);
        assertThat(String.join("\n", ctx.progress)).doesNotContain("RdsMasterPw99", "Sup3rS3cretLocal");
        assertThat(ctx.outputs.values()).noneMatch(v -> v.contains("RdsMasterPw99"));

        host.restoreEnv("restore-env-file", "REDASH_DATABASE_URL").body().run(ctx);
        assertThat(ctx.host.files.get(ENV)).isEqualTo(EnvFileTest.REDASH_ENV);
        assertThat(ctx.host.commands).contains("cp -p -- " + backup + " " + ENV);
    }

    @Test
    void runningTheEditAgainChangesNothingAndTakesNoSecondBackup() throws Exception {
        ctx.host.files.put(ENV, EnvFileTest.REDASH_ENV);
        repoint().body().run(ctx);
        int files = ctx.host.files.size();
        repoint().body().run(ctx);
        assertThat(ctx.host.files).hasSize(files);
    }

    @Test
    void rollbackAfterSomeoneElseEditedTheFileRevertsOnlyFerrysKey() throws Exception {
        ctx.host.files.put(ENV, EnvFileTest.REDASH_ENV);
        repoint().body().run(ctx);
        ctx.host.files.put(ENV, ctx.host.files.get(ENV) + "REDASH_NEW_FLAG=true\n");

        host.restoreEnv("restore-env-file", "REDASH_DATABASE_URL").body().run(ctx);
        assertThat(ctx.host.files.get(ENV)).isEqualTo(EnvFileTest.REDASH_ENV + "REDASH_NEW_FLAG=true\n");
    }

    @Test
    void composeRollbackRefusesToOverwriteSomeoneElsesChange() throws Exception {
        ctx.host.files.put(COMPOSE, ComposeFileTest.V2);
        host.removeService("remove-postgres-service", "postgres").body().run(ctx);
        assertThat(ComposeFile.parse(ctx.host.files.get(COMPOSE)).services()).doesNotContain("postgres");

        ctx.host.files.put(COMPOSE, ctx.host.files.get(COMPOSE) + "# edited by hand\n");
        assertThatThrownBy(() -> host.restoreComposeFile("restore-compose-file").body().run(ctx))
                .isInstanceOf(FerryException.class).hasMessageContaining("changed since ferry edited it")
                .hasMessageContaining("diff -u")
                .satisfies(e -> assertThat(((FerryException) e).namesNextAction())
                        .as("it says to restore by hand and roll back again: no generic advice under it").isTrue());
    }

    @Test
    void composeRollbackRestoresTheOriginal() throws Exception {
        ctx.host.files.put(COMPOSE, ComposeFileTest.V2);
        host.removeService("remove-postgres-service", "postgres").body().run(ctx);
        host.restoreComposeFile("restore-compose-file").body().run(ctx);
        assertThat(ctx.host.files.get(COMPOSE)).isEqualTo(ComposeFileTest.V2);
        host.restoreComposeFile("restore-compose-file").body().run(ctx);
        assertThat(ctx.progress).last().asString().contains("already restored");
    }
}
