package dev.ferry.database;

import dev.ferry.step.SourceInventory;

/**
 * One data move as shell text for the source host, in a private work directory made beforehand (on a host, by
 * {@link DataMove#workDirectoryCommand}). Write {@link #passFile()} when it is not empty and {@link #caFile()} when
 * there is one (the target's CA bundle, for {@code sslmode=verify-full}), then run {@link #command()}
 * with {@code sh -c}: it prints progress lines on stdout (see {@link ProgressParser}), exits 0 only if every program in
 * it succeeded, and removes the work directory (password file and any dump) when it ends. No password is in any of
 * these strings; {@link #display()} is the short form for previews, logs and the journal.
 */
public record Pipeline(MoveMethod method, String workDirectory, String command, String display, PassFile passFile,
                       SourceInventory inventory, CaFile caFile) {

    @Override
    public String toString() {
        return display;
    }

    /**
     * The target's CA bundle as the programs on the host read it: {@code path} in the work directory, copied from the
     * operator's {@code bundle} by {@link #content()} (public certificates, no secret).
     */
    public record CaFile(String path, String bundle) {
        public String content() {
            return VerifiedTls.bundle(new dev.ferry.step.DatabasePorts.Tls(bundle, "the target"));
        }
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
