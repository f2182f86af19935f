package dev.ferry.cli;

import dev.ferry.engine.Ascii;

import dev.ferry.engine.Change;
import dev.ferry.engine.PlanSummary;
import dev.ferry.engine.StepPreview;
import dev.ferry.step.Effect;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code ferry plan} as text: a summary line at the top and the bottom, one symbol per effect by {@link Change},
 * lines wrapped to {@code width}. An effect longer than {@link #KEPT_LINES} lines is cut with a line saying how many
 * more there are and that {@code --detail} shows them, and each rollback is folded to the names of its actions; with
 * {@code detail} every action and effect is printed whole, an effect on one line as it is.
 */
final class PlanView {
    static final int KEPT_LINES = 3;
    static final String LEGEND = "+ create  ~ modify  - delete  $ remote command  > DNS  * file edit  ! local"
            + "  . check/wait";

    private final PrintStream out;
    private final Ansi ansi;
    private final boolean unicode;
    private final int width;
    private final boolean detail;
    private int cut;
    private int folded;

    PlanView(PrintStream out, Ansi ansi, boolean unicode, int width, boolean detail) {
        this.out = out;
        this.ansi = ansi;
        this.unicode = unicode;
        this.width = width;
        this.detail = detail;
    }

    void plan(String planName, List<StepPreview> steps) {
        PlanSummary summary = PlanSummary.of(steps);
        line("", "plan " + planName + ": " + steps.size() + " steps (dry run: nothing is changed)");
        line("", summary.line());
        line("", "Symbols: " + LEGEND);
        for (int i = 0; i < steps.size(); i++) {
            out.println();
            step(i + 1, steps.get(i));
        }
        out.println();
        line("", ansi.string("@|bold " + summary.line() + "|@"), summary.line());
        line("", summary.rollbackLine());
        if (cut > 0 || folded > 0) {
            line("", "Shortened to " + width + " columns: " + cut + (cut == 1 ? " command" : " commands")
                    + " cut after " + KEPT_LINES + " lines, " + folded + " rollback lines folded;"
                    + " ferry plan --detail shows them whole.");
        }
    }

    private void step(int number, StepPreview step) {
        String header = number + ". " + step.id() + " [" + step.status() + "] " + step.title();
        line("", ansi.string("@|bold " + number + ". " + step.id() + "|@") + header.substring((number + ". "
                + step.id()).length()), header);
        line("   ", step.reversibility().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (step.downtime() ? "; app downtime during this step" : "; no downtime"));
        if (step.status().equals("applied") || step.status().equals("skipped")) {
            line("   ", "(" + step.status() + " — nothing to do; rollback below)");
        } else {
            actions("apply", step.actions());
        }
        actions("rollback", step.rollback());
    }

    private void actions(String phase, List<StepPreview.ActionPreview> actions) {
        if (actions.isEmpty()) {
            line("   ", phase + ": none (one-way)");
            return;
        }
        if (!detail && phase.equals("rollback")) {
            folded(actions);
            return;
        }
        line("   ", phase + ":");
        for (StepPreview.ActionPreview action : actions) {
            String mark = action.status().equals("done") ? " (done)" : "";
            line("     - ", action.name() + mark + ": " + action.summary());
            for (Effect effect : action.effects()) {
                effect(effect);
            }
        }
    }

    /** A rollback as the names of its actions; {@code --detail} shows its actions and effects. */
    private void folded(List<StepPreview.ActionPreview> actions) {
        int hidden = actions.size() + actions.stream().mapToInt(a -> a.effects().size()).sum();
        folded += hidden;
        line("   ", "rollback: " + String.join(", ", actions.stream().map(StepPreview.ActionPreview::name).toList())
                + " (" + hidden + " more lines, --detail)");
    }

    private void effect(Effect effect) {
        Change change = Change.of(effect);
        String label = String.format("%-6s ", label(effect.kind()));
        String symbol = ansi.string("@|" + colour(change) + " " + symbol(change) + "|@");
        String indent = "         ";
        String text = shown(effect.text());
        if (detail) {
            out.println(indent + symbol + " " + label + text);
            return;
        }
        String hanging = " ".repeat(indent.length() + 2 + label.length());
        List<String> lines = wrap(text, width - hanging.length());
        out.println(indent + symbol + " " + label + lines.get(0));
        boolean cutHere = lines.size() > KEPT_LINES;
        int kept = cutHere ? KEPT_LINES - 1 : lines.size();
        for (int i = 1; i < kept; i++) {
            out.println(hanging + lines.get(i));
        }
        if (cutHere) {
            cut++;
            out.println(hanging + "(" + (lines.size() - kept) + " more lines, --detail)");
        }
    }

    /** Prints {@code text} after {@code indent}, wrapped with a hanging indent; {@code styled} is what is shown. */
    private void line(String indent, String styled, String plain) {
        List<String> lines = wrap(shown(plain), width - indent.length() - 2);
        if (lines.size() == 1 && TextWidth.of(shown(plain)) + indent.length() <= width) {
            out.println(indent + shown(styled));
            return;
        }
        out.println(indent + lines.get(0));
        for (int i = 1; i < lines.size(); i++) {
            out.println(" ".repeat(indent.length() + 2) + lines.get(i));
        }
    }

    private void line(String indent, String text) {
        line(indent, text, text);
    }

    private String shown(String text) {
        return unicode ? text : Ascii.of(text);
    }

    /** {@code text} in lines of at most {@code max} characters, broken at a space where one is near the end. */
    static List<String> wrap(String text, int max) {
        int room = Math.max(20, max);
        List<String> lines = new ArrayList<>();
        for (String piece : text.split("\n", -1)) {
            String rest = piece.strip();
            while (TextWidth.of(rest) > room) {
                int cutAt = TextWidth.index(rest, room);
                int space = rest.lastIndexOf(' ', cutAt);
                int at = space > cutAt / 2 ? space : cutAt;
                lines.add(rest.substring(0, at).stripTrailing());
                rest = rest.substring(at).stripLeading();
            }
            lines.add(rest);
        }
        return lines;
    }

    static String symbol(Change change) {
        return switch (change) {
            case CREATE -> "+";
            case MODIFY -> "~";
            case DELETE -> "-";
            case REMOTE_COMMAND -> "$";
            case DNS -> ">";
            case FILE_EDIT -> "*";
            case LOCAL_COMMAND -> "!";
            case NONE -> ".";
        };
    }

    private static String colour(Change change) {
        return switch (change) {
            case CREATE -> "green";
            case MODIFY, FILE_EDIT -> "yellow";
            case DELETE -> "red";
            case REMOTE_COMMAND, LOCAL_COMMAND -> "cyan";
            case DNS -> "magenta";
            case NONE -> "faint";
        };
    }

    private static String label(Effect.Kind kind) {
        return switch (kind) {
            case AWS_CALL -> "aws";
            case REMOTE_COMMAND -> "ssh";
            case FILE_EDIT -> "edit";
            case DNS_CHANGE -> "dns";
            case CHECK -> "check";
            case LOCAL_COMMAND -> "local";
            case WAIT -> "wait";
        };
    }
}
