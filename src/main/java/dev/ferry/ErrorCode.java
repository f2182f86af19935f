package dev.ferry;

/** Named exit codes; {@code ferry --help} lists them from here (README's table is the same list; ReadmeExitCodesTest keeps them equal). Keep them stable. */
public enum ErrorCode {
    OK(0, "success, or paused at a maintenance-window boundary"),
    STEP_FAILED(1, "a step or rollback failed; state was saved, `ferry status` shows where"),
    INVALID_INPUT(2, "bad plan, flags or state file; nothing was changed"),
    LOCKED(3, "another ferry holds the plan's lock (the message names host, pid, since and lock id)"),
    STATE_CONFLICT(4, "the state belongs to another plan, or an applied step's plan input changed"),
    CONFIRMATION_REQUIRED(5, "a one-way step or a data-losing rollback needs a typed confirmation (`--confirm STEP`)"),
    ADAPTER_UNAVAILABLE(6, "the step needs an adapter this run was not given (e.g. AWS for a plan without `target`)"),
    PREFLIGHT_FAILED(7, "a pre-check failed before anything was changed"),
    INTERRUPTED(130, "the operator quit, or ferry was interrupted; state was saved");

    private final int exitCode;
    private final String meaning;

    ErrorCode(int exitCode, String meaning) {
        this.exitCode = exitCode;
        this.meaning = meaning;
    }

    public int exitCode() {
        return exitCode;
    }

    public String meaning() {
        return meaning;
    }
}
