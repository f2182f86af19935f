package dev.ferry.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json}: json where a script would read the result. */
public final class OutputOptions {
    public enum Format { TEXT, JSON }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE})")
    Format format = Format.TEXT;

    boolean json() {
        return format == Format.JSON;
    }
}
