package dev.ferry.steps;

import dev.ferry.step.Action;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.Step;
import dev.ferry.step.StepContext;
import dev.ferry.steps.StepLibrary;
import dev.ferry.testing.DelegatingStep;
import dev.ferry.testing.SandboxWorlds;
import dev.ferry.wiring.Wiring;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the replicate tests share: a writer that inserts and updates on the local database as the app would and that
 * move-database's stop-writers stops (the wrapped action stops it first), the writers-stopped time measured from the
 * start of stop-writers to the end of recreate-containers, an injected failure after one action, and the replication
 * objects left on either side.
 */
final class ReplicateFixture {
    final SandboxWorlds worlds;
    final AtomicLong stoppedAt = new AtomicLong();
    final AtomicLong restartedAt = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    private volatile boolean writing;
    private Thread writer;
    volatile String failAfter = "";
    /** Each action run while the writers were stopped, with its time. */
    final List<String> stoppedActions = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Taken right before repoint-env (writers stopped, replication dropped): the local snapshot and what is left. */
    volatile dev.ferry.step.DatabasePorts.Snapshot localAtCutover;
    volatile List<String> leftAtCutover;
    private volatile ConnectionSpec local;

    private final String planName;

    ReplicateFixture(SandboxWorlds worlds, String planName) {
        this.worlds = worlds;
        this.planName = planName;
    }

    /** Takes the local snapshot and the replication objects left at the cutover from {@code localDatabase}. */
    void watch(ConnectionSpec localDatabase) {
        this.local = localDatabase;
    }

    /** The sandbox wiring with move-database wrapped: stop-writers stops the test writer; failAfter fails an action. */
    Wiring wiring() {
        return worlds.wiring().withSteps(new StepLibrary().wrapped(step -> step.id().equals("move-database")
                ? new Wrapped(step) : step));
    }

    private final class Wrapped implements DelegatingStep {
        private final Step delegate;

        Wrapped(Step delegate) {
            this.delegate = delegate;
        }

        @Override
        public Step delegate() {
            return delegate;
        }

        @Override
        public List<Action> actions(StepContext context) {
            return delegate.actions(context).stream().map(a -> a.withBody(ctx -> {
                if (a.name().equals("repoint-env") && local != null) {
                    localAtCutover = new dev.ferry.database.PostgresSnapshots().snapshot(local);
                    leftAtCutover = replicationObjects(local, rds());
                }
                if (a.name().equals("stop-writers")) {
                    stoppedActions.clear();
                    restartedAt.set(0);
                    stoppedAt.set(System.nanoTime());
                    stopWriter();
                }
                long started = System.nanoTime();
                a.body().run(ctx);
                if (stoppedAt.get() != 0 && restartedAt.get() < stoppedAt.get()) {
                    stoppedActions.add(a.name() + " " + (System.nanoTime() - started) / 1_000_000 + " ms");
                }
                if (a.name().equals("recreate-containers")) {
                    restartedAt.set(System.nanoTime());
                }
                if (a.name().equals(failAfter)) {
                    throw new IllegalStateException("injected failure after " + a.name());
                }
            })).toList();
        }
    }

    long writersStoppedMillis() {
        return (restartedAt.get() - stoppedAt.get()) / 1_000_000;
    }

    /** Inserts events and updates queries (and their updated_at) in a loop until stop-writers. */
    void startWriter() throws Exception {
        ConnectionSpec local = worlds.local();
        writing = true;
        writer = new Thread(() -> {
            try (Connection c = jdbc(local); Statement st = c.createStatement()) {
                while (writing) {
                    st.executeUpdate("insert into events (org_id, action, object_type, created_at)"
                            + " values (1, 'write', 'replicate-test', now())");
                    st.executeUpdate("update queries set updated_at = now(), schedule_failures = schedule_failures + 1"
                            + " where id = 1 + (" + writes.get() + " % 3)");
                    writes.incrementAndGet();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "replicate-test-writer");
        writer.start();
    }

    void stopWriter() {
        writing = false;
        if (writer != null) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Makes query_results large enough that the copy takes a while (~{@code rows} rows of 1 kB). */
    void grow(int rows) throws Exception {
        try (Connection c = jdbc(worlds.local()); Statement st = c.createStatement()) {
            st.executeUpdate("insert into query_results (org_id, data_source_id, query_hash, query, data, runtime,"
                    + " retrieved_at) select 1, (select min(id) from data_sources), md5(g::text), 'select ' || g,"
                    + " repeat(md5(g::text), 32), g / 1000.0, now() from generate_series(1, " + rows + ") g");
        }
    }

    /** Restarts the compose postgres with these server settings ({@code command: postgres -c ...}). */
    void postgresCommand(String settings) throws Exception {
        String compose = Files.readString(worlds.redash.composeFile());
        Files.writeString(worlds.redash.composeFile(), compose.replaceFirst("(?m)^(  postgres:\n)",
                "$1    command: postgres " + settings + "\n"));
        worlds.redash.docker("stop postgres").orThrow("stop postgres");
        worlds.redash.docker("up -d postgres").orThrow("up postgres");
    }

    /** RDS as move-database reaches it (endpoint from the state, master password from SSM), before the repoint. */
    ConnectionSpec rds() throws Exception {
        dev.ferry.plan.Plan plan = new dev.ferry.plan.PlanLoader().load(worlds.plan).plan();
        String state = Files.readString(worlds.root.resolve(".ferry").resolve(planName).resolve("state.json"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"rdsEndpoint\"\\s*:\\s*\"([^\"]+)\"").matcher(state);
        if (!m.find()) {
            throw new IllegalStateException("no rdsEndpoint in the state");
        }
        dev.ferry.aws.AwsSettings settings = dev.ferry.aws.AwsSettings.defaults().withRegion(worlds.aws.region().id())
                .withEndpoint(worlds.aws.endpoint()).withCredentials(worlds.aws.credentials());
        String password = dev.ferry.aws.SdkAwsPorts.connect(settings).readSecureParameter(new PlanNames(plan)
                .parameter(PlanNames.DATABASE_PASSWORD)).orElseThrow();
        DatabaseUrl url = DatabaseUrl.parse(new ProvisionDataStores(plan).databaseUrl(m.group(1), password));
        return url.at(url.host(), url.port());
    }

    /** Publications, subscriptions and replication slots on either side whose name contains "ferry". */
    List<String> replicationObjects(ConnectionSpec localDatabase, ConnectionSpec rds) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = jdbc(localDatabase)) {
            found.addAll(names(c, "select 'local publication ' || pubname from pg_publication"));
            found.addAll(names(c, "select 'local slot ' || slot_name from pg_replication_slots"));
        }
        if (rds != null) {
            try (Connection c = jdbc(rds)) {
                found.addAll(names(c, "select 'rds subscription ' || subname from pg_subscription"));
                found.addAll(names(c, "select 'rds slot ' || slot_name from pg_replication_slots"));
            }
        }
        return found;
    }

    private static List<String> names(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static Connection jdbc(ConnectionSpec c) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + c.host() + ":" + c.port() + "/" + c.database(),
                c.user(), c.password());
    }
}
