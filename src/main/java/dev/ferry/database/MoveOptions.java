package dev.ferry.database;

/**
 * How to run a move: the method, how many parallel jobs (directory and copy), the work directory on the host that holds
 * the password file (and the dump, for the directory method; it needs room for the whole database) and the client tools.
 * {@code clean} drops what the dump creates before creating it (for a target holding an earlier, interrupted move).
 */
public record MoveOptions(MoveMethod method, int jobs, String workDirectory, ClientTools tools, boolean clean) {
    public MoveOptions(MoveMethod method, int jobs, String workDirectory, ClientTools tools) {
        this(method, jobs, workDirectory, tools, false);
    }

    public MoveOptions {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1");
        }
        String trimmed = workDirectory.replaceAll("/+$", "");
        if (!trimmed.startsWith("/") || !trimmed.substring(trimmed.lastIndexOf('/') + 1).startsWith("ferry")) {
            throw new IllegalArgumentException("the work directory must be an absolute path whose last part starts with "
                    + "'ferry', e.g. /tmp/ferry-move (it is emptied before and deleted after the move): " + workDirectory);
        }
    }

    public static MoveOptions defaults(String workDirectory) {
        return new MoveOptions(DataMove.DEFAULT_METHOD, 2, workDirectory, ClientTools.onPath());
    }

    public MoveOptions with(MoveMethod other) {
        return new MoveOptions(other, jobs, workDirectory, tools, clean);
    }

    public MoveOptions withJobs(int other) {
        return new MoveOptions(method, other, workDirectory, tools, clean);
    }

    /** The same move in another work directory (the one {@link DataMove#workDirectoryCommand} made). */
    public MoveOptions in(String otherWorkDirectory) {
        return new MoveOptions(method, jobs, otherWorkDirectory, tools, clean);
    }

    public MoveOptions withTools(ClientTools other) {
        return new MoveOptions(method, jobs, workDirectory, other, clean);
    }

    /** Restores with {@code --clean --if-exists}: over a target left half-filled by an interrupted move. */
    public MoveOptions cleaningTarget(boolean yes) {
        return new MoveOptions(method, jobs, workDirectory, tools, yes);
    }
}
