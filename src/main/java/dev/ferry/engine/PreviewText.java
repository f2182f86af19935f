package dev.ferry.engine;

import dev.ferry.step.Effect;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Renders previews as plain text for terminals and runbooks. */
public final class PreviewText {
    private PreviewText() {
    }

    public static void step(StepPreview step, PrintStream out) {
        out.println(step.id() + " [" + step.status() + "] " + step.title());
        out.println("   " + step.reversibility().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (step.downtime() ? "; app downtime during this step" : "; no downtime"));
        if (step.status().equals("applied") || step.status().equals("skipped")) {
            out.println("   (" + step.status() + " — nothing to do; rollback below)");
        } else {
            actions("apply", step.actions(), out);
        }
        actions("rollback", step.rollback(), out);
    }

    private static void actions(String phase, List<StepPreview.ActionPreview> actions, PrintStream out) {
        if (actions.isEmpty()) {
            out.println("   " + phase + ": none (one-way)");
            return;
        }
        out.println("   " + phase + ":");
        for (StepPreview.ActionPreview action : actions) {
            String mark = action.status().equals("done") ? " (done)" : "";
            out.println("     - " + action.name() + mark + ": " + action.summary());
            for (Effect effect : action.effects()) {
                out.println("         " + label(effect.kind()) + " " + effect.text());
            }
        }
    }

    private static String label(Effect.Kind kind) {
        return switch (kind) {
            case AWS_CALL -> "aws   ";
            case REMOTE_COMMAND -> "ssh   ";
            case FILE_EDIT -> "edit  ";
            case DNS_CHANGE -> "dns   ";
            case CHECK -> "check ";
            case LOCAL_COMMAND -> "local ";
            case WAIT -> "wait  ";
        };
    }
}
