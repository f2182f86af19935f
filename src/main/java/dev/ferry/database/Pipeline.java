package dev.ferry.database;

import dev.ferry.step.SourceInventory;

/**
 * One data move as shell text for the source host, in a private work directory made beforehand (on a host, by
 * {@link DataMove#workDirectoryCommand}). Write {@link #passFile()} when it is not empty, then run {@link #command()}
 * with {@code sh -c}: it prints progress lines on stdout (see {@link ProgressParser}), exits 0 only if every program in
 * it succeeded, and removes the work directory (password file and any dump) when it ends. No password is in any of
 * these strings; {@link #display()} is the short form for previews, logs and the journal.
 */
public record Pipeline(MoveMethod method, String workDirectory, String command, String display, PassFile passFile,
                       SourceInventory inventory) {

    @Override
    public String toString() {
        return display;
    }

    /** A libpq password file: its path on the host and its content (secret; never printed, {@link #toString()} masks it). */
    public record PassFile(String path, String content) {
        public boolean isEmpty() {
            return content.isEmpty();
        }

        @Override
        public String toString() {
            return "PassFile[" + path + ", ****]";
        }
    }
}
