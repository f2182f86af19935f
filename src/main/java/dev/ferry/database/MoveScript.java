package dev.ferry.database;

import dev.ferry.host.ShellQuoting;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a POSIX {@code sh} script (dash has no pipefail) and its short display form. Every pipe is "checked": the
 * producer's exit status is written to a file and the step fails unless both ends exited 0 — otherwise a killed
 * pg_dump or source psql would look like a short but successful COPY to the consumer.
 */
final class MoveScript {
    private final StringBuilder script = new StringBuilder();
    private final List<String> display = new ArrayList<>();
    private int pipes;

    MoveScript(String workDirectory, boolean passFile) {
        // Whatever the programs write (dumps, their .rc files) is the SSH user's alone.
        line("umask 077");
        line("exec 2>&1");
        line("W=" + quote(workDirectory));
        line("cd \"$W\" || exit 1");
        line("export PGPASSFILE=\"$W/pgpass\"");
        if (passFile) {
            line("chmod 600 \"$PGPASSFILE\" || exit 1");
        }
        line("trap 'rm -rf \"$W\"' EXIT");
        line("trap 'exit 1' HUP INT TERM");
        line("fail() { echo \"ferry: failed: $1\"; exit 1; }");
    }

    /** Always quoted, plain or not, so the script reads the same whatever the values. */
    static String quote(String text) {
        return ShellQuoting.quoted(text);
    }

    MoveScript variable(String name, String value) {
        line(name + "=" + quote(value));
        return this;
    }

    MoveScript phase(String name) {
        line("echo 'ferry: phase " + name + "'");
        return this;
    }

    /** {@code producer | consumer}, failing with {@code label} unless both exit 0. */
    MoveScript checkedPipe(String producer, String consumer, String label) {
        String rc = "\"$W/pipe" + (++pipes) + ".rc\"";
        line("{ " + producer + "; echo $? >" + rc + "; } | " + consumer + " && [ \"$(cat " + rc + ")\" = 0 ] || fail "
                + quote(label));
        display.add(producer + " | " + consumer);
        return this;
    }

    /** A command that must succeed. */
    MoveScript step(String command, String label) {
        line(command + " || fail " + quote(label));
        display.add(command);
        return this;
    }

    /** Script text that is plumbing, not worth showing in the display form. */
    MoveScript raw(String text) {
        line(text);
        return this;
    }

    MoveScript shown(String summary) {
        display.add(summary);
        return this;
    }

    String script() {
        return script + "echo 'ferry: done'\n";
    }

    String display(String header) {
        return header + "\n  " + String.join("\n  ", display);
    }

    private void line(String text) {
        script.append(text).append('\n');
    }
}
