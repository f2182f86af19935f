package dev.ferry.steps;

import dev.ferry.database.DatabasePorts.ConnectionSpec;
import dev.ferry.engine.ActionContext;
import dev.ferry.engine.StepContext;
import dev.ferry.plan.DatabaseSpec;
import dev.ferry.plan.Plan;
import dev.ferry.plan.StepIds;
import java.util.List;

/** Options of move-database and where its two databases are, as seen from the host and from ferry. */
final class MoveSettings {
    static final String ID = StepIds.MOVE_DATABASE;
    private static final List<String> METHODS = List.of("stream", "directory");

    private final StepContext context;
    private final PlanNames names;

    MoveSettings(StepContext context) {
        this.context = context;
        this.names = new PlanNames(context.plan());
        if (!METHODS.contains(method())) {
            throw Failures.input("move-database.method " + method() + " is not supported by this build",
                    "Use one of " + METHODS + " (stream is the fastest measured)");
        }
    }

    Plan plan() {
        return context.plan();
    }

    String method() {
        return context.spec().option("method", "stream");
    }

    int jobs() {
        return Math.max(1, context.spec().intOption("jobs", 2));
    }

    boolean checksums() {
        return "checksums".equals(context.spec().option("verify", "counts"));
    }

    boolean copyBack() {
        return context.spec().boolOption("copyBack", false);
    }

    /** Private to the SSH user (mode 700), emptied before and deleted after the move; holds the pgpass and any dump. */
    String workDirectory() {
        return "/tmp/ferry-" + plan().name() + "-move";
    }

    String urlKey() {
        return plan().compose().databaseUrlKey();
    }

    String service() {
        return names.databaseService();
    }

    HostActions host() {
        return new HostActions(plan(), ID);
    }

    DataMover mover(ComposeCommands compose) {
        return new DataMover(plan(), compose, method(), jobs());
    }

    String rdsUrlPreview() {
        DatabaseSpec db = plan().target().database();
        return "postgresql://" + db.masterUsername() + ":****@<rds endpoint>/" + db.databaseName();
    }

    /** The local database URL: from the env file's backup once ferry repointed it, else from the env file. */
    DatabaseUrl localUrl(ActionContext ctx) {
        String path = host().envPath();
        String text = ctx.host().readFile(ctx.output(ID, "envFileBackup").orElse(path));
        String url = EnvFile.parse(text).get(urlKey()).orElseThrow(() -> Failures.preflight(path + " has no "
                + urlKey(), "Set compose.databaseUrlKey to the variable holding the database URL"));
        return DatabaseUrl.parse(url);
    }

    DatabaseUrl rdsUrl(ActionContext ctx) {
        return DatabaseUrl.parse(rdsUrlText(ctx));
    }

    /** The RDS URL with the master password, for the env file only; never shown or recorded. */
    String rdsUrlText(ActionContext ctx) {
        String endpoint = ctx.output(StepIds.PROVISION, "rdsEndpoint").orElseThrow(() -> Failures.preflight(
                "no RDS endpoint recorded by " + StepIds.PROVISION, "Apply provision first"));
        String parameter = names.parameter(PlanNames.DATABASE_PASSWORD);
        String password = ctx.aws().readSecureParameter(parameter).orElseThrow(() -> Failures.preflight(
                "SSM parameter " + parameter + " is missing", "Apply provision again"));
        return new ProvisionDataStores(plan()).databaseUrl(endpoint, password);
    }

    /** The compose postgres as ferry reaches it: the container's address on the host (the adapter tunnels). */
    ConnectionSpec localConnection(ActionContext ctx, ComposeCommands compose) {
        String ip = Remote.require(ctx, containerAddress(compose), "Check that " + service() + " runs").split("\\s+")[0];
        return localUrl(ctx).at(ip, PlanNames.POSTGRES_PORT);
    }

    String containerAddress(ComposeCommands compose) {
        return "docker inspect -f " + ShellWords.quote("{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}")
                + " $(" + compose.containerId(service()) + ")";
    }
}
