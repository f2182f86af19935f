package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.HostCommands;
import dev.ferry.host.ComposeCommands;
import dev.ferry.host.EnvFile;
import dev.ferry.host.ContainerEndpoint;
import dev.ferry.database.ClientTools;
import dev.ferry.database.DataMove;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.database.MoveMethod;
import dev.ferry.database.MoveOptions;
import dev.ferry.step.ActionContext;
import dev.ferry.step.StepContext;
import dev.ferry.plan.DatabaseSpec;
import dev.ferry.plan.Plan;
import dev.ferry.plan.StepIds;
import java.util.List;

/** Options of move-database and where its two databases are, as seen from the source host. */
public final class MoveSettings {
    public static final String ID = StepIds.MOVE_DATABASE;
    private static final List<String> METHODS = MoveMethod.words();

    private final StepContext context;
    private final PlanNames names;

    public MoveSettings(StepContext context) {
        this.context = context;
        this.names = new PlanNames(context.plan());
        if (!METHODS.contains(method())) {
            throw Failures.input("move-database.method " + method() + " is not supported by this build",
                    "Use one of " + METHODS + " (auto replicates when the local database allows it, else picks directory when"
                    + " the host has disk for the dump, else stream)");
        }
    }

    public Plan plan() {
        return context.plan();
    }

    /** {@code auto}, or the method the plan insists on. */
    public String method() {
        return StepOptions.text(context.spec(), "method");
    }

    public boolean replicates() {
        return MoveMethod.REPLICATE.id().equals(method());
    }

    /**
     * Replicate, or auto with a {@link #replicationSource()}: auto then replicates when the source allows it at the
     * move (see {@code MethodChoice}). Without that address auto always dumps: the container's own address serves
     * only when RDS and the host share a machine (the sandbox), and RDS unable to reach the source would leave the
     * initial copy waiting until it times out.
     */
    public boolean mayReplicate() {
        return replicates() || MoveMethod.AUTO.equals(method()) && replicationSource() != null;
    }

    /** {@code host[:port]} where RDS reaches the local database for a subscription; null: the container's address. */
    public String replicationSource() {
        return StepOptions.text(context.spec(), "replicationSource");
    }

    public java.time.Duration catchUpTimeout() {
        return StepOptions.duration(context.spec(), "catchUpTimeout");
    }

    public int jobs() {
        return Math.max(1, StepOptions.integer(context.spec(), "jobs"));
    }

    public boolean checksums() {
        return "checksums".equals(StepOptions.text(context.spec(), "verify"));
    }

    public boolean copyBack() {
        return StepOptions.flag(context.spec(), "copyBack");
    }

    /**
     * The move's work directories are {@code PREFIX.XXXXXXXXXX} (mktemp -d: private to the SSH user, unpredictable),
     * one per attempt, deleted after it; they hold the pgpass and any dump.
     */
    public String workDirectoryPrefix() {
        return (workDirectory().equals("/") ? "" : workDirectory()) + "/ferry-" + plan().name() + "-move";
    }

    /** Where on the host the work directories are made ({@code workDirectory}, /tmp unless the plan says). */
    public String workDirectory() {
        String dir = StepOptions.text(context.spec(), "workDirectory");
        String path = dir == null ? "/tmp" : dir;
        return path.length() > 1 && path.endsWith("/") ? path.replaceAll("/+$", "") : path;
    }

    public String urlKey() {
        return plan().compose().databaseUrlKey();
    }

    public String service() {
        return names.databaseService();
    }

    public HostActions host() {
        return new HostActions(plan(), ID);
    }

    /** The client of RDS's major, in a throwaway container on the host's network (the host may have no PostgreSQL). */
    public MoveOptions options(MoveMethod method) {
        String image = "postgres:" + plan().target().database().engineMajor();
        return new MoveOptions(method, jobs(), workDirectoryPrefix() + DataMove.MKTEMP_SUFFIX, ClientTools.docker(image));
    }

    public String rdsUrlPreview() {
        DatabaseSpec db = plan().target().database();
        return "postgresql://" + db.masterUsername() + ":****@<rds endpoint>/" + db.databaseName();
    }

    /** The local database URL: from the env file's backup once ferry repointed it, else from the env file. */
    public DatabaseUrl localUrl(ActionContext ctx) {
        String path = host().envPath();
        String text = ctx.host().readFile(ctx.output(ID, "envFileBackup").orElse(path));
        String url = EnvFile.parse(text).get(urlKey()).orElseThrow(() -> Failures.preflight(path + " has no "
                + urlKey(), "Set compose.databaseUrlKey to the variable holding the database URL"));
        return DatabaseUrl.parse(url);
    }

    public DatabaseUrl rdsUrl(ActionContext ctx) {
        return DatabaseUrl.parse(rdsUrlText(ctx));
    }

    /**
     * RDS as the host reaches it (the password only travels to JDBC and the 0600 pgpass file), verified by TLS against
     * the plan's CA bundle and the endpoint's name, through a tunnel too.
     */
    public ConnectionSpec rds(ActionContext ctx) {
        DatabaseUrl rds = rdsUrl(ctx);
        return rds.at(rds.host(), rds.port()).verifiedBy(plan().target().database().caBundlePath().toString());
    }

    /** The RDS URL with the master password, for the env file only; never shown or recorded. */
    public String rdsUrlText(ActionContext ctx) {
        String endpoint = ctx.output(StepIds.PROVISION, "rdsEndpoint").orElseThrow(() -> Failures.preflight(
                "no RDS endpoint recorded by " + StepIds.PROVISION, "Apply provision first"));
        String parameter = names.parameter(PlanNames.DATABASE_PASSWORD);
        String password = ctx.aws().readSecureParameter(parameter).orElseThrow(() -> Failures.preflight(
                "SSM parameter " + parameter + " is missing", "Apply provision again"));
        return new ProvisionDataStores(plan()).databaseUrl(endpoint, password);
    }

    /** The compose postgres as the host reaches it: its container's address and port (ferry tunnels to it). */
    public ConnectionSpec local(ActionContext ctx) {
        String inspect = HostCommands.require(ctx, containerAddress(host().compose(ctx)), "Check that " + service()
                + " runs: `" + host().preview().runningServices() + "`");
        ContainerEndpoint endpoint = ContainerEndpoint.of(inspect, service(), PlanNames.POSTGRES_PORT);
        return localUrl(ctx).at(endpoint.host(), endpoint.port());
    }

    public String containerAddress(ComposeCommands compose) {
        return "docker inspect \"$(" + compose.containerId(service()) + ")\"";
    }
}
