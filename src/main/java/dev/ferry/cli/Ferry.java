package dev.ferry.cli;

import dev.ferry.engine.Ascii;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.Redacted;
import dev.ferry.plan.PlanInvalidException;
import dev.ferry.wiring.Wiring;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ferry} command: thin picocli commands over one engine. */
// scope INHERIT: every subcommand answers --help/-h and --version/-V too, before it asks for its own arguments.
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Moves a docker-compose app from one EC2 host to ECS Fargate, RDS and ElastiCache in small,"
                + " reversible, resumable steps.",
        subcommands = {ValidateCommand.class, PlanCommand.class, RunCommand.class, ResumeCommand.class,
                StatusCommand.class, RollbackCommand.class, LogCommand.class, UnlockCommand.class, StateCommand.class,
                RunbookCommand.class, DoctorCommand.class, DemoCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n")
public final class Ferry implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs ferry in-process with the real wiring; returns the exit code. */
    public static int run(InputStream in, PrintStream out, PrintStream err, boolean terminal, String... args) {
        return run(Wiring.real(), in, out, err, terminal, args);
    }

    /**
     * Runs ferry in-process through {@code wiring}; returns the exit code. Results go to {@code out}, diagnostics to
     * {@code err}.
     */
    public static int run(Wiring wiring, InputStream in, PrintStream out, PrintStream err, boolean terminal,
            String... args) {
        return run(wiring, new Console(in, out, err, terminal), args);
    }

    /**
     * Runs ferry in-process with {@code env} as its environment and {@code charset} as the output's (a test can be
     * {@code LANG=C} or {@code NO_COLOR} without a new JVM). A charset that cannot show Unicode gets ASCII.
     */
    public static int run(Wiring wiring, InputStream in, PrintStream out, PrintStream err, boolean terminal,
            Map<String, String> env, Charset charset, String... args) {
        return run(wiring, new Console(in, out, err, terminal, Map.copyOf(env), charset), args);
    }

    private static int run(Wiring wiring, Console given, String... args) {
        Console console = given.unicode() ? given : new Console(given.in(), ascii(given.out()), ascii(given.err()),
                given.terminal(), given.env(), given.charset());
        PrintStream out = console.out();
        PrintStream err = console.err();
        CommandLine cli = new CommandLine(new Ferry(), new CommandFactory(console, wiring));
        listExitCodes(cli);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, line, parsed) -> report(e, err));
        cli.setParameterExceptionHandler((e, args2) -> {
            err.println("ferry: " + Flags.describe(e));
            err.println("run `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help` for usage");
            return ErrorCode.INVALID_INPUT.exitCode();
        });
        return cli.execute(args);
    }

    private static PrintStream ascii(PrintStream stream) {
        return new PrintStream(Ascii.stream(stream), true, StandardCharsets.UTF_8);
    }

    /** The help's exit-code list, from {@link ErrorCode} so it cannot drift from the codes ferry returns. */
    /** Every command's help ends with the exit codes (the heading is inherited, so the list must be too). */
    private static void listExitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage().exitCodeList(exitCodes());
        command.getSubcommands().values().forEach(Ferry::listExitCodes);
    }

    static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            codes.put(String.valueOf(code.exitCode()), code.name() + ": " + code.meaning());
        }
        return codes;
    }

    static int report(Exception e, PrintStream err) {
        if (e instanceof PlanInvalidException invalid) {
            err.println(invalid.getMessage());
            return invalid.code().exitCode();
        }
        if (e instanceof FerryException fe) {
            err.println("ferry: " + Redacted.urls(fe.getMessage()));
            return fe.code().exitCode();
        }
        err.println("ferry: unexpected " + e.getClass().getSimpleName() + ": " + Redacted.urls(String.valueOf(e.getMessage())));
        err.println("this is a bug; state was saved after the last finished action. Report it with `ferry log PLAN` output");
        return ErrorCode.STEP_FAILED.exitCode();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
