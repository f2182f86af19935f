package dev.ferry.cli;

import dev.ferry.FerryException;
import dev.ferry.plan.LoadedPlan;
import dev.ferry.plan.PlanInvalidException;
import dev.ferry.plan.Problem;
import dev.ferry.state.Json;
import dev.ferry.step.Redacted;
import dev.ferry.wiring.Wiring;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "validate", description = "Check a plan; report every problem as file:line:column (exit 2 if any).")
final class ValidateCommand implements Callable<Integer> {
    private final Console console;
    private final Wiring wiring;
    @Mixin PlanOptions planOptions;
    @Mixin OutputOptions output;

    ValidateCommand(Console console, Wiring wiring) {
        this.console = console;
        this.wiring = wiring;
    }

    @Override
    public Integer call() throws Exception {
        LoadedPlan loaded;
        try {
            loaded = planOptions.load(wiring);
        } catch (FerryException e) {
            if (output.json()) {
                console.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(invalid(e)));
            }
            throw e;
        }
        if (output.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("format_version", OutputOptions.FORMAT_VERSION);
            doc.put("valid", true);
            doc.put("plan", loaded.plan().name());
            doc.put("steps", loaded.plan().steps().size());
            doc.put("digest", loaded.digest());
            doc.put("problems", List.of());
            console.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } else {
            console.out().println(loaded.file() + ": plan " + loaded.plan().name() + " is valid ("
                    + loaded.plan().steps().size() + " steps, digest " + Json.shortDigest(loaded.digest()) + ")");
        }
        return 0;
    }

    /** Every problem with its place; a plan that could not be read at all is one problem without a line. */
    private Map<String, Object> invalid(FerryException e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", OutputOptions.FORMAT_VERSION);
        doc.put("valid", false);
        doc.put("exit_code", e.code().exitCode());
        if (e instanceof PlanInvalidException invalid) {
            doc.put("problems", invalid.problems().stream().map(ValidateCommand::problem).toList());
            doc.put("next_action", "fix the plan and run `ferry validate " + planOptions.plan + "` again");
        } else {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("file", String.valueOf(planOptions.plan));
            problem.put("message", Redacted.urls(e.getMessage()));
            doc.put("problems", List.of(problem));
        }
        return doc;
    }

    private static Map<String, Object> problem(Problem problem) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", String.valueOf(problem.file()));
        doc.put("line", problem.line());
        doc.put("column", problem.column());
        doc.put("message", Redacted.urls(problem.message()));
        return doc;
    }
}
