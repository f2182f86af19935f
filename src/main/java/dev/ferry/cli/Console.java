package dev.ferry.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** The streams a command talks through, and whether a person is at a terminal. */
public record Console(InputStream in, PrintStream out, PrintStream err, boolean terminal) {
}
