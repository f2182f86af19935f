package dev.ferry.cli;

import dev.ferry.plan.LoadedPlan;
import dev.ferry.state.Json;
import dev.ferry.wiring.Wiring;
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
        LoadedPlan loaded = planOptions.load(wiring);
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
