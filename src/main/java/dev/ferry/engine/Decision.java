package dev.ferry.engine;

/** What the operator chose for the next step. */
public enum Decision {
    APPLY, SKIP, PAUSE, ROLLBACK, QUIT
}
