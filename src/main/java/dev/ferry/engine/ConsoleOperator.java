package dev.ferry.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/** Asks on the terminal, step by step: apply / skip / details / pause / rollback / quit. End of input means quit. */
public final class ConsoleOperator implements Operator {
    private final BufferedReader in;
    private final PrintStream out;
    private final Set<String> confirmations;

    public ConsoleOperator(BufferedReader in, PrintStream out, Set<String> confirmations) {
        this.in = in;
        this.out = out;
        this.confirmations = confirmations;
    }

    @Override
    public Decision decide(StepPreview next) {
        out.println();
        out.println("next: " + next.id() + " — " + next.title() + " (" + next.actions().size() + " actions, "
                + next.reversibility().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (next.downtime() ? ", app downtime" : ", no downtime") + ")");
        while (true) {
            out.print("[a]pply  [s]kip  [d]etails  [p]ause  [r]ollback last step  [q]uit > ");
            out.flush();
            String answer = readLine();
            if (answer == null) {
                return Decision.QUIT;
            }
            switch (answer.strip().toLowerCase(Locale.ROOT)) {
                case "a", "apply" -> { return Decision.APPLY; }
                case "s", "skip" -> { return Decision.SKIP; }
                case "p", "pause" -> { return Decision.PAUSE; }
                case "r", "rollback" -> { return Decision.ROLLBACK; }
                case "q", "quit" -> { return Decision.QUIT; }
                case "d", "details" -> PreviewText.step(next, out);
                default -> out.println("answer a, s, d, p, r or q");
            }
        }
    }

    @Override
    public boolean confirm(String question, String expected) {
        if (confirmations.contains(expected)) {
            return true;
        }
        out.println(question);
        out.print("type '" + expected + "' to confirm: ");
        out.flush();
        String answer = readLine();
        return answer != null && answer.strip().equals(expected);
    }

    private String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
