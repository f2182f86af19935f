package dev.ferry.cli;

import dev.ferry.step.AwsPorts;
import dev.ferry.testing.DelegatingStep;
import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.SdkAwsPorts;
import dev.ferry.database.TunneledDatabase;
import dev.ferry.step.Action;
import dev.ferry.step.Adapters;
import dev.ferry.step.Reversibility;
import dev.ferry.step.Step;
import dev.ferry.step.StepContext;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.plan.PlanLoader;
import dev.ferry.steps.StepLibrary;
import dev.ferry.wiring.AwsEndpoint;
import dev.ferry.wiring.Wiring;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A ferry process for the crash sweep: the real CLI and steps, wired to a rehearsal's sandboxes (described by a
 * properties file the test writes), that SIGKILLs itself after the {@code N}th action body returns, before the
 * engine records the action as done. The resumed run must then redo that action without repeating its effect.
 *
 * <p>Usage: {@code CrashingFerry WORLD.properties FAULT ferry-arguments...}. FAULT is {@code N} (SIGKILL after the
 * Nth apply action body; {@code 0} never crashes), {@code fail:N} (the Nth apply action fails right after its body
 * changed the world: the hardest failure to roll back) or {@code kill-undo:N} (SIGKILL after the Nth rollback action
 * body, before the engine records it).
 */
public final class CrashingFerry {
    static final String KILLS = "kills.txt";

    private CrashingFerry() {
    }

    public static void main(String[] args) throws Exception {
        Path worldFile = Path.of(args[0]);
        Fault fault = Fault.parse(args[1]);
        String[] ferry = Arrays.copyOfRange(args, 2, args.length);
        Properties world = new Properties();
        try (InputStream in = Files.newInputStream(worldFile)) {
            world.load(in);
        }
        AwsSettings aws = AwsSettings.defaults().withRegion(world.getProperty("region"))
                .withEndpoint(URI.create(world.getProperty("endpoint")))
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        world.getProperty("accessKeyId"), world.getProperty("secretAccessKey"))))
                .withWaiterPollInterval(Duration.ofMillis(300));
        SshConnector ssh = new SshConnector(SshOptions.isolated());
        Adapters adapters = Adapters.unavailable().withHosts(ssh)
                .withAws(Adapters.lazy(AwsPorts.class, () -> SdkAwsPorts.connect(aws)))
                .withDatabase(TunneledDatabase.via(ssh, new PlanLoader().load(Path.of(ferry[1])).plan().source()));
        Path kills = worldFile.resolveSibling(KILLS);
        AtomicInteger finished = new AtomicInteger();
        // The sandbox's AWS endpoint for everything the wiring opens itself, the plan's S3 state included.
        Wiring wiring = Wiring.real().withAwsEndpoint(new AwsEndpoint(aws.endpoint(), aws.credentials(),
                        aws.waiterPollInterval())).withAdapters(adapters)
                .withSteps(new StepLibrary(ProbeRelay.client(URI.create(world.getProperty("probe"))))
                        .wrapped(step -> new Crashing(step, fault, finished, kills)));
        System.exit(Ferry.run(wiring, System.in, System.out, System.err, false, ferry));
    }

    /** {@code library} with {@code fault} in every step, for a run in this process (faults that do not kill). */
    static StepLibrary faulty(StepLibrary library, String fault, Path kills) {
        AtomicInteger finished = new AtomicInteger();
        return library.wrapped(step -> new Crashing(step, Fault.parse(fault), finished, kills));
    }

    /** Where to break a run: after the {@code at}th action body of the apply ({@code undo} false) or the rollback. */
    record Fault(String kind, int at) {
        static Fault parse(String text) {
            String[] parts = text.split(":");
            return parts.length == 1 ? new Fault("kill", Integer.parseInt(parts[0]))
                    : new Fault(parts[0], Integer.parseInt(parts[1]));
        }

        boolean undo() {
            return kind.equals("kill-undo");
        }
    }

    /** Thrown right after an action's body: the action changed the world and then failed. */
    static final class InjectedFailure extends IllegalStateException {
        InjectedFailure(String point) {
            super("injected failure after the body of " + point);
        }
    }

    /** The step with every apply (or rollback) action's body followed by the fault check. */
    private record Crashing(Step delegate, Fault fault, AtomicInteger finished, Path kills) implements DelegatingStep {
        @Override
        public List<Action> actions(StepContext context) {
            return fault.undo() ? delegate.actions(context) : delegate.actions(context).stream().map(this::faulty).toList();
        }

        private Action faulty(Action a) {
            return a.withBody(ctx -> {
                a.body().run(ctx);
                if (finished.incrementAndGet() == fault.at()) {
                    String point = delegate.id() + "/" + a.name();
                    if (fault.kind().equals("fail")) {
                        Files.writeString(kills, "fail " + point + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        throw new InjectedFailure(point);
                    }
                    killSelf(point);
                }
            });
        }

        private void killSelf(String point) throws IOException, InterruptedException {
            Files.writeString(kills, (fault.undo() ? "kill-undo " : "") + point + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            System.err.println("crash sweep: SIGKILL after the body of " + point);
            System.err.flush();
            new ProcessBuilder("kill", "-KILL", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(Duration.ofMinutes(1).toMillis());
            throw new IllegalStateException("SIGKILL did not stop this process");
        }

        @Override
        public List<Action> rollbackActions(StepContext context) {
            return fault.undo() ? delegate.rollbackActions(context).stream().map(this::faulty).toList()
                    : delegate.rollbackActions(context);
        }

    }
}
