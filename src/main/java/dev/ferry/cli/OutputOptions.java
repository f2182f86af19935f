package dev.ferry.cli;

import dev.ferry.engine.TerminalWidth;

import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Option;

/** {@code --output text|json}: json where a script would read the result; {@code --no-color} for the text. */
public final class OutputOptions {
    public enum Format { TEXT, JSON }

    /** The version of every JSON document ferry prints; a consumer checks its major. */
    static final String FORMAT_VERSION = "1.0";

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE})")
    Format format = Format.TEXT;

    @Option(names = "--no-color", description = "no colour in the text output (also when NO_COLOR is set or the output"
            + " is not a terminal)")
    boolean noColor;

    boolean json() {
        return format == Format.JSON;
    }

    /** Colour only on a terminal, without {@code NO_COLOR} (any value) and without {@code --no-color}. */
    Ansi ansi(Console console) {
        boolean color = console.terminal() && !noColor && !console.env().containsKey("NO_COLOR");
        return color ? Ansi.ON : Ansi.OFF;
    }

    /** The terminal's width (at least 40, so text stays readable), else 100. */
    static int width(Console console) {
        return TerminalWidth.of(console.env(), console.terminal(), 100);
    }
}
