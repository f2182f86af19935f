package dev.ferry.cli;

import dev.ferry.aws.AwsPorts;
import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.SdkAwsPorts;
import dev.ferry.engine.Action;
import dev.ferry.engine.Adapters;
import dev.ferry.engine.Reversibility;
import dev.ferry.engine.Step;
import dev.ferry.engine.StepContext;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.plan.PlanLoader;
import dev.ferry.steps.StepLibrary;
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
 * <p>Usage: {@code CrashingFerry WORLD.properties N ferry-arguments...}; {@code N = 0} never crashes.
 */
public final class CrashingFerry {
    static final String KILLS = "kills.txt";

    private CrashingFerry() {
    }

    public static void main(String[] args) throws Exception {
        Path worldFile = Path.of(args[0]);
        int crashAfter = Integer.parseInt(args[1]);
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
        Wiring.useAdapters(Adapters.unavailable().withHosts(ssh)
                .withAws(Adapters.lazy(AwsPorts.class, () -> SdkAwsPorts.connect(aws)))
                .withDatabase(Wiring.tunneledDatabase(ssh, new PlanLoader().load(Path.of(ferry[1])).plan())));
        Path kills = worldFile.resolveSibling(KILLS);
        AtomicInteger finished = new AtomicInteger();
        Wiring.useSteps(new StepLibrary(ProbeRelay.client(URI.create(world.getProperty("probe"))))
                .wrapped(step -> new Crashing(step, crashAfter, finished, kills)));
        System.exit(Ferry.run(System.in, System.out, System.err, false, ferry));
    }

    /** The step with every apply action's body followed by the crash check. */
    private record Crashing(Step step, int crashAfter, AtomicInteger finished, Path kills) implements Step {
        @Override
        public List<Action> actions(StepContext context) {
            return step.actions(context).stream().map(a -> a.withBody(ctx -> {
                a.body().run(ctx);
                if (finished.incrementAndGet() == crashAfter) {
                    killSelf(step.id() + "/" + a.name());
                }
            })).toList();
        }

        private void killSelf(String point) throws IOException, InterruptedException {
            Files.writeString(kills, point + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.err.println("crash sweep: SIGKILL after the body of " + point);
            System.err.flush();
            new ProcessBuilder("kill", "-KILL", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(Duration.ofMinutes(1).toMillis());
            throw new IllegalStateException("SIGKILL did not stop this process");
        }

        @Override
        public List<Action> rollbackActions(StepContext context) {
            return step.rollbackActions(context);
        }

        @Override
        public List<Action> recoveryActions(StepContext context, String failedAction) {
            return step.recoveryActions(context, failedAction);
        }

        @Override
        public String id() {
            return step.id();
        }

        @Override
        public String title() {
            return step.title();
        }

        @Override
        public Reversibility reversibility() {
            return step.reversibility();
        }

        @Override
        public boolean downtime() {
            return step.downtime();
        }

        @Override
        public Object planInput(StepContext context) {
            return step.planInput(context);
        }
    }
}
