package dev.ferry.plan;

import java.nio.file.Path;

/** One thing wrong with a plan, located in its file; lines and columns are 1-based. */
public record Problem(Path file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
