package dev.ferry.wiring;

import dev.ferry.step.AwsPorts;
import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.S3StateBackend;
import dev.ferry.aws.SdkAwsPorts;
import dev.ferry.database.TunneledDatabase;
import dev.ferry.step.Adapters;
import dev.ferry.engine.ConsoleOperator;
import dev.ferry.steps.HookStep;
import dev.ferry.engine.Migration;
import dev.ferry.engine.Operator;
import dev.ferry.engine.PlannedStep;
import dev.ferry.engine.ProgressSink;
import dev.ferry.engine.ProgressStyle;
import dev.ferry.step.HttpProbe;
import dev.ferry.engine.ScriptedOperator;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.plan.LoadedPlan;
import dev.ferry.plan.Plan;
import dev.ferry.plan.PlanLoader;
import dev.ferry.plan.StateLocation;
import dev.ferry.plan.StepSpec;
import dev.ferry.state.LocalStateBackend;
import dev.ferry.state.StateBackend;
import dev.ferry.state.StateBackends;
import dev.ferry.steps.StepLibrary;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The composition root: how a command turns a plan file into a {@link Migration} (plan, bound steps, adapters, state
 * directory) and who answers its questions. {@link #real()} is production; tests and the sandbox rehearsal pass a copy
 * with their own step library or adapters.
 */
public final class Wiring {
    private final StepLibrary library;
    private final BiFunction<Plan, ConnectOptions, Adapters> adapters;
    /** An AWS endpoint every connection of this wiring goes to instead of AWS (the sandbox's); null: AWS. */
    private final AwsEndpoint awsEndpoint;
    /** Where state is kept, when a test keeps it elsewhere; null: a local directory or the plan's S3 object. */
    private final StateBackends stateBackends;
    private final Duration progressInterval;

    private Wiring(StepLibrary library, BiFunction<Plan, ConnectOptions, Adapters> adapters, AwsEndpoint awsEndpoint,
                   StateBackends stateBackends, Duration progressInterval) {
        this.library = library;
        this.adapters = adapters;
        this.awsEndpoint = awsEndpoint;
        this.stateBackends = stateBackends;
        this.progressInterval = progressInterval;
    }

    /** The built-in steps and the real adapters: SSH, PostgreSQL through tunnels, the AWS SDK built on first use. */
    public static Wiring real() {
        return new Wiring(new StepLibrary(), Wiring::realAdapters, null, null, Duration.ofSeconds(10));
    }

    /** This wiring with built-in steps taken from {@code steps} (hook steps stay hook steps). */
    public Wiring withSteps(StepLibrary steps) {
        return new Wiring(Objects.requireNonNull(steps, "steps"), adapters, awsEndpoint, stateBackends, progressInterval);
    }

    /** This wiring acting through {@code fixed} whatever the plan and connect options say. */
    public Wiring withAdapters(Adapters fixed) {
        Objects.requireNonNull(fixed, "adapters");
        return new Wiring(library, (plan, options) -> fixed, awsEndpoint, stateBackends, progressInterval);
    }

    /** This wiring reaching AWS (adapters and state alike) at {@code endpoint} instead: the sandbox, moto. */
    public Wiring withAwsEndpoint(AwsEndpoint endpoint) {
        return new Wiring(library, adapters, Objects.requireNonNull(endpoint, "endpoint"), stateBackends, progressInterval);
    }

    /** This wiring keeping state where {@code backends} says (tests). */
    public Wiring withStateBackends(StateBackends backends) {
        return new Wiring(library, adapters, awsEndpoint, Objects.requireNonNull(backends, "backends"), progressInterval);
    }

    public LoadedPlan load(Path planFile) {
        return new PlanLoader().load(planFile);
    }

    /** {@code override} when given, else {@code .ferry/<plan-name>/} next to the plan file. */
    public Path stateDirectory(LoadedPlan loaded, Path override) {
        return override != null ? override
                : planDirectory(loaded).resolve(".ferry").resolve(loaded.plan().name());
    }

    /** The plan's steps bound to their implementations, over the plan's state ({@code stateDirectory} if local). */
    public Migration migration(LoadedPlan loaded, Path stateDirectory, ConnectOptions connect, PrintStream diagnostics) {
        return migration(loaded, stateDirectory, connect, new ProgressSink(diagnostics, ProgressStyle.plain(),
                Clock.systemDefaultZone(), progressInterval));
    }

    /** The same, talking to the operator through {@code progress} (a terminal's status line, or lines). */
    public Migration migration(LoadedPlan loaded, Path stateDirectory, ConnectOptions connect, ProgressSink progress) {
        Path planDirectory = planDirectory(loaded);
        List<PlannedStep> steps = loaded.plan().steps().stream().map(spec -> bind(spec, planDirectory)).toList();
        ConnectOptions options = connect(connect).withProgress(progress);
        return new Migration(loaded.plan(), loaded.digest(), steps, stateBackend(loaded.plan(), stateDirectory, options),
                adapters(loaded.plan(), options), Clock.systemUTC(), progress);
    }

    /** How often long operations report (10 s; tests and the rehearsal shorten it). */
    public Duration progressInterval() {
        return progressInterval;
    }

    /** This wiring with long operations reporting every {@code interval}. */
    public Wiring withProgressInterval(Duration interval) {
        return new Wiring(library, adapters, awsEndpoint, stateBackends, Objects.requireNonNull(interval, "interval"));
    }

    /** How the run measures the app's downtime: the probe verify-temporary-domain uses. */
    public HttpProbe httpProbe() {
        return library.http();
    }

    /** Where the plan's state lives: the S3 object the plan's {@code state:} names, else {@code stateDirectory}. */
    public StateBackend stateBackend(Plan plan, Path stateDirectory, ConnectOptions connect) {
        StateLocation where = plan.state();
        StateBackends places = stateBackends(plan, connect);
        return where.isS3() ? places.remote(where.bucket(), where.key(), where.region()) : places.local(stateDirectory);
    }

    /** The two places a plan's state can be, for a run and for {@code ferry state push|pull}. */
    public StateBackends stateBackends(Plan plan, ConnectOptions connect) {
        if (stateBackends != null) {
            return stateBackends;
        }
        ConnectOptions options = connect(connect);
        return new StateBackends() {
            @Override
            public StateBackend local(Path directory) {
                return new LocalStateBackend(directory);
            }

            @Override
            public StateBackend remote(String bucket, String key, String region) {
                return remoteState(new StateLocation(StateLocation.S3, bucket, key, region), plan, options);
            }
        };
    }

    private ConnectOptions connect(ConnectOptions given) {
        return awsEndpoint == null || given.awsEndpoint() != null ? given
                : new ConnectOptions(given.region(), given.profile(), given.acceptNewHostKey(), given.isolatedSsh(),
                        awsEndpoint, given.progress());
    }

    /** With {@code yes}, only the typed {@code confirmations}; otherwise a person answering on {@code in}. */
    public Operator operator(boolean yes, Set<String> confirmations, InputStream in, PrintStream err) {
        if (yes) {
            return new ScriptedOperator(confirmations);
        }
        return new ConsoleOperator(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), err,
                confirmations);
    }

    /** The adapters a run of {@code plan} acts through, reached as {@code options} say. */
    public Adapters adapters(Plan plan, ConnectOptions options) {
        return adapters.apply(plan, connect(options));
    }

    private static Adapters realAdapters(Plan plan, ConnectOptions options) {
        SshOptions base = options.isolatedSsh() ? SshOptions.isolated() : SshOptions.defaults();
        SshConnector connector = new SshConnector(options.acceptNewHostKey() ? base.acceptingNewHostKeys() : base);
        // PostgreSQL over JDBC through SSH tunnels via the plan's source host, which reaches both databases
        Adapters real = Adapters.unavailable().withHosts(connector)
                .withDatabase(TunneledDatabase.via(connector, plan.source()));
        if (plan.target() != null) {
            AwsSettings aws = awsSettings(plan, options);
            real = real.withAws(Adapters.lazy(AwsPorts.class, () -> SdkAwsPorts.connect(aws)));
        }
        return real;
    }

    private static AwsSettings awsSettings(Plan plan, ConnectOptions options) {
        return options.reach(AwsSettings.of(plan.target()).withRegion(options.region()).withProfile(options.profile()))
                .withProgress(options.progress());
    }

    /** The team's state a plan names: its S3 object, reached with the plan's AWS profile in the state's region. */
    private static StateBackend remoteState(StateLocation where, Plan plan, ConnectOptions options) {
        AwsSettings settings = (plan.target() != null ? AwsSettings.of(plan.target()) : AwsSettings.defaults())
                .withProfile(options.profile()).withRegion(where.region());
        return S3StateBackend.open(options.reach(settings), where.bucket(), where.key());
    }

    private static Path planDirectory(LoadedPlan loaded) {
        return loaded.file().toAbsolutePath().getParent();
    }

    private PlannedStep bind(StepSpec spec, Path planDirectory) {
        return new PlannedStep(spec, spec.kind() == StepSpec.StepKind.HOOK
                ? new HookStep(spec, planDirectory)
                : library.forId(spec.id()));
    }
}
