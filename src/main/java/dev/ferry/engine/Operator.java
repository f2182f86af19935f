package dev.ferry.engine;

/** The person (or script) driving a run: decides each step and types confirmations. */
public interface Operator {

    Decision decide(StepPreview next);

    /** True when the operator confirmed by typing {@code expected} (or passed it with {@code --confirm}). */
    boolean confirm(String question, String expected);
}
