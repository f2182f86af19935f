package dev.ferry.wiring;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.plan.Plan;
import dev.ferry.plan.StateLocation;
import dev.ferry.state.StateBackend;

/** Opens the team's state backend a plan names (S3). */
final class RemoteState {
    private RemoteState() {
    }

    static StateBackend open(StateLocation where, Plan plan, ConnectOptions connect) {
        throw new FerryException(ErrorCode.ADAPTER_UNAVAILABLE, "state backend " + where.backend() + " is not built in");
    }
}
