package dev.ferry.engine;

import java.util.Set;

/** {@code --yes}: applies every step; confirms only what was passed with {@code --confirm}. */
public record ScriptedOperator(Set<String> confirmations) implements Operator {

    @Override
    public Decision decide(StepPreview next) {
        return Decision.APPLY;
    }

    @Override
    public boolean confirm(String question, String expected) {
        return confirmations.contains(expected);
    }
}
