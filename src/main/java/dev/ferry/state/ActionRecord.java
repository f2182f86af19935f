package dev.ferry.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/** One action's progress. An action recorded STARTED but not DONE was interrupted and runs again (it is idempotent). */
public record ActionRecord(Status status, Instant startedAt, Instant finishedAt) {

    public enum Status { STARTED, DONE, FAILED }

    public static ActionRecord started(Instant at) {
        return new ActionRecord(Status.STARTED, at, null);
    }

    public ActionRecord done(Instant at) {
        return new ActionRecord(Status.DONE, startedAt, at);
    }

    public ActionRecord failed(Instant at) {
        return new ActionRecord(Status.FAILED, startedAt, at);
    }

    @JsonIgnore
    public boolean isDone() {
        return status == Status.DONE;
    }
}
