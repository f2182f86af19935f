package dev.ferry.sandbox.host;

import java.util.ArrayList;
import java.util.List;

/** Command-line arguments consumed the way docker's CLI reads them: flags anywhere, unknown flags rejected. */
final class Args {
    private final List<String> remaining;

    Args(List<String> args) {
        this.remaining = new ArrayList<>(args);
    }

    boolean flag(String... names) {
        boolean found = false;
        for (String name : names) {
            while (remaining.remove(name)) {
                found = true;
            }
        }
        return found;
    }

    /** The value of an option given as {@code --name value} or {@code --name=value}; the last one wins. */
    String option(String... names) {
        List<String> values = options(names);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** Every value of a repeatable option, in order, consumed. */
    List<String> options(String... names) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < remaining.size(); i++) {
            String arg = remaining.get(i);
            for (String name : names) {
                if (arg.equals(name) && i + 1 < remaining.size()) {
                    values.add(remaining.remove(i + 1));
                    remaining.remove(i--);
                    break;
                } else if (arg.startsWith(name + "=") && name.startsWith("--")) {
                    values.add(arg.substring(name.length() + 1));
                    remaining.remove(i--);
                    break;
                }
            }
        }
        return values;
    }

    /** What is left, all positional: any flag still here is one this command does not know. */
    List<String> positionals() {
        for (String arg : remaining) {
            if (arg.startsWith("-")) {
                throw new ComposeError("unknown flag: " + arg);
            }
        }
        return List.copyOf(remaining);
    }

    /**
     * For {@code exec} and {@code run}: options come before the first positional, everything after it belongs to
     * the command. Returns the options part and leaves the rest.
     */
    static List<List<String>> splitAtFirstPositional(List<String> args, List<String> optionsWithValue) {
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            i += optionsWithValue.contains(args.get(i)) ? 2 : 1;
        }
        return List.of(args.subList(0, Math.min(i, args.size())), args.subList(Math.min(i, args.size()), args.size()));
    }
}
