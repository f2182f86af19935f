package dev.ferry.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test plans: the flagship plan with its steps replaced by hook steps that write to a file in the plan's folder. */
public final class HookPlans {
    private HookPlans() {
    }

    static Path flagship() {
        return Path.of("plans", "redash.yaml");
    }

    /** Writes a plan whose steps are {@code steps} hook steps of {@code actions} actions, each appending a line once. */
    public static Path write(Path dir, int steps, int actions, String actionSleep) throws IOException {
        String text = Files.readString(flagship());
        int at = text.indexOf("\nsteps:");
        StringBuilder yaml = new StringBuilder(text.substring(0, at)).append("\nsteps:\n");
        for (int s = 1; s <= steps; s++) {
            yaml.append("  - id: hook-").append(s).append("\n    kind: hook\n    actions:\n");
            for (int a = 1; a <= actions; a++) {
                String line = "s" + s + "a" + a;
                yaml.append("      - name: ").append(line).append('\n')
                        .append("        check: grep -qx ").append(line).append(" out.txt\n")
                        .append("        apply: echo ").append(line).append(" >> out.txt; sleep ").append(actionSleep).append('\n')
                        .append("        rollback: grep -vx ").append(line).append(" out.txt > out.tmp; mv out.tmp out.txt\n");
            }
        }
        Path plan = dir.resolve("hooks.yaml");
        Files.writeString(plan, yaml.toString());
        Files.writeString(dir.resolve("out.txt"), "");
        return plan;
    }
}
