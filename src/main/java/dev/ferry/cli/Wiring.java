package dev.ferry.cli;

import dev.ferry.step.Adapters;
import dev.ferry.engine.ConsoleOperator;
import dev.ferry.steps.HookStep;
import dev.ferry.engine.Migration;
import dev.ferry.engine.Operator;
import dev.ferry.engine.PlannedStep;
import dev.ferry.engine.ScriptedOperator;
import dev.ferry.step.AwsPorts;
import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.SdkAwsPorts;
import dev.ferry.step.DatabasePorts;
import dev.ferry.database.TunneledDatabase;
import dev.ferry.step.HostConnector;
import dev.ferry.host.SshConnector;
import dev.ferry.plan.Plan;
import dev.ferry.host.SshOptions;
import dev.ferry.plan.LoadedPlan;
import dev.ferry.plan.PlanLoader;
import dev.ferry.plan.StepSpec;
import dev.ferry.steps.StepLibrary;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Constructor wiring in one place: plan, steps, adapters and state directory for a command. */
final class Wiring {
    private static Adapters override;
    private static StepLibrary library = new StepLibrary();

    private Wiring() {
    }

    /** Rehearsals swap in a step library whose verify-temporary-domain reaches the app their own way. */
    static void useSteps(StepLibrary replacement) {
        library = replacement == null ? new StepLibrary() : replacement;
    }

    /** Tests and the sandbox swap in real adapters here. */
    static void useAdapters(Adapters replacement) {
        override = replacement;
    }

    /** The real adapters: SSH to the source host, PostgreSQL through tunnels via it, the AWS SDK (built on first use). */
    static Adapters adapters(Plan plan, ApplyOptions options) {
        if (override != null) {
            return override;
        }
        SshOptions ssh = options.acceptNewHostKey ? SshOptions.defaults().acceptingNewHostKeys() : SshOptions.defaults();
        SshConnector connector = new SshConnector(ssh);
        Adapters adapters = Adapters.unavailable().withHosts(connector).withDatabase(tunneledDatabase(connector, plan));
        if (plan.target() != null) {
            AwsSettings aws = AwsSettings.of(plan.target()).withRegion(options.region).withProfile(options.profile);
            adapters = adapters.withAws(Adapters.lazy(AwsPorts.class, () -> SdkAwsPorts.connect(aws)));
        }
        return adapters;
    }

    /** PostgreSQL over JDBC through SSH tunnels via the plan's source host, which reaches both databases. */
    static DatabasePorts tunneledDatabase(HostConnector connector, Plan plan) {
        return TunneledDatabase.via(connector, plan.source());
    }

    static LoadedPlan load(PlanOptions options) {
        return new PlanLoader().load(options.plan);
    }

    static Migration migration(PlanOptions options, Console console) {
        return migration(options, console, new ApplyOptions());
    }

    /** Loads the plan and its state, refusing flags that do not fit them before anything is locked or written. */
    static Migration migration(PlanOptions options, Console console, ApplyOptions apply) {
        Flags.requireRegion(apply.region);
        LoadedPlan loaded = load(options);
        Path planDirectory = loaded.file().toAbsolutePath().getParent();
        List<PlannedStep> steps = loaded.plan().steps().stream().map(spec -> bind(spec, planDirectory)).toList();
        Path stateDirectory = options.stateDir != null ? options.stateDir
                : planDirectory.resolve(".ferry").resolve(loaded.plan().name());
        Flags.requireStateDirectory(stateDirectory);
        Migration migration = new Migration(loaded.plan(), loaded.digest(), steps, stateDirectory,
                adapters(loaded.plan(), apply), Clock.systemUTC(), console.err());
        Flags.requireOneWay(apply.confirm, migration);
        return migration;
    }

    static Operator operator(ApplyOptions options, Console console) {
        Set<String> confirmations = options.confirmations();
        if (options.yes) {
            return new ScriptedOperator(confirmations);
        }
        return new ConsoleOperator(new BufferedReader(new InputStreamReader(console.in(), StandardCharsets.UTF_8)),
                console.err(), confirmations);
    }

    private static PlannedStep bind(StepSpec spec, Path planDirectory) {
        return new PlannedStep(spec, spec.kind() == StepSpec.StepKind.HOOK
                ? new HookStep(spec, planDirectory)
                : library.forId(spec.id()));
    }
}
