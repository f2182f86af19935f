package dev.ferry.plan;

import org.yaml.snakeyaml.error.Mark;

/** A 1-based line and column in the plan file. */
record Location(int line, int column) {

    static final Location START = new Location(1, 1);

    static Location of(Mark mark) {
        return mark == null ? START : new Location(mark.getLine() + 1, mark.getColumn() + 1);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
