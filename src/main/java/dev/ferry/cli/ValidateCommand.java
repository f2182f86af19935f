package dev.ferry.cli;

import dev.ferry.plan.LoadedPlan;
import dev.ferry.state.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "validate", description = "Check a plan; report every problem as file:line:column (exit 2 if any).")
final class ValidateCommand implements Callable<Integer> {
    private final Console console;
    @Mixin PlanOptions planOptions;
    @Mixin OutputOptions output;

    ValidateCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        LoadedPlan loaded = Wiring.load(planOptions);
        if (output.json()) {
            console.out().println(Json.mapper().writeValueAsString(Map.of("plan", loaded.plan().name(), "valid", true,
                    "steps", loaded.plan().steps().size(), "digest", loaded.digest())));
        } else {
            console.out().println(loaded.file() + ": plan " + loaded.plan().name() + " is valid ("
                    + loaded.plan().steps().size() + " steps, digest " + Json.shortDigest(loaded.digest()) + ")");
        }
        return 0;
    }
}
