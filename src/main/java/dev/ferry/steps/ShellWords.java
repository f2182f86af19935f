package dev.ferry.steps;

import dev.ferry.plan.Plan;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Quoting for {@code sh -c} command lines, and the privilege prefix for file operations on the host. */
final class ShellWords {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");
    /** A preview placeholder such as {@code <rds endpoint>}: shown as is, it never reaches a real shell. */
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^<>'$`\\\\]+>");

    private ShellWords() {
    }

    static String quote(String word) {
        if (PLAIN.matcher(PLACEHOLDER.matcher(word).replaceAll("x")).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    static String join(List<String> words) {
        return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }

    /** {@code sudo -n } unless the plan connects as root: data dirs and backups are owned by root or the postgres uid. */
    static String privileged(Plan plan) {
        return "root".equals(plan.source().user()) ? "" : "sudo -n ";
    }
}
