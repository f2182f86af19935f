package dev.ferry.step;


/** How a step can be undone. */
public enum Reversibility {
    /** Rollback restores the world as it was. */
    REVERSIBLE,
    /** Rollback works, but writes made after the step may need copying back; it asks before dropping anything. */
    REVERSIBLE_WITH_DATA_LOSS,
    /** No way back: applying needs a typed confirmation and rollback refuses to pass it silently. */
    ONE_WAY
}
