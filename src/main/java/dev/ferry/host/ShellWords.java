package dev.ferry.host;

import dev.ferry.Failures;
import dev.ferry.step.Redacted;
import dev.ferry.plan.Plan;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one way a value becomes part of an {@code sh -c} command line, and the privilege prefix for file operations on
 * the host. Every value (plan fields, env file values, what the host or AWS answered) goes through {@link #quote}.
 */
public final class ShellWords {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");
    /** Delimit a {@link #placeholder} in preview text; see {@link PreviewCommands}. */
    public static final char PLACEHOLDER_START = '\uE000';
    public static final char PLACEHOLDER_END = '\uE001';

    private ShellWords() {
    }

    /**
     * {@code word} as exactly one shell word with its literal value: as it is when it is plain, else in single quotes
     * (inside which sh interprets nothing, newlines included). A NUL byte cannot be passed in an argument at all.
     */
    public static String quote(String word) {
        if (word.indexOf('\0') >= 0) {
            throw Failures.input("the value \"" + Redacted.urls(word.replace("\0", "\\0")) + "\" holds a NUL byte, which no command"
                    + " argument can carry; nothing was run", "Remove it from the plan (or from the host's file it came"
                    + " from)");
        }
        return plain(word) ? word : ShellQuoting.quoted(word);
    }

    /** True when sh reads {@code word} as itself: no quoting, expansion, globbing or splitting can change it. */
    public static boolean plain(String word) {
        return PLAIN.matcher(word).matches();
    }

    public static String join(List<String> words) {
        return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }

    /**
     * A stand-in for a value only a run knows, for previews: {@link #quote} treats it as the odd text it is, and
     * {@link PreviewCommands#shown} renders it as {@code <name>}. {@link #runnable} refuses a command that holds one.
     */
    public static String placeholder(String name) {
        return PLACEHOLDER_START + name + PLACEHOLDER_END;
    }

    /** {@code command}, refused when it still holds a preview placeholder: a preview must never reach a shell. */
    public static String runnable(String command) {
        if (command.indexOf(PLACEHOLDER_START) >= 0 || command.indexOf(PLACEHOLDER_END) >= 0) {
            throw new IllegalStateException("refusing to run a preview command on the host: "
                    + PreviewCommands.shown(command));
        }
        return command;
    }

    /** {@code sudo -n } unless the plan connects as root: data dirs and backups are owned by root or the postgres uid. */
    public static String privileged(Plan plan) {
        return "root".equals(plan.source().user()) ? "" : "sudo -n ";
    }
}
