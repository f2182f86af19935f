package dev.ferry.wiring;

import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.S3StateBackend;
import dev.ferry.plan.Plan;
import dev.ferry.plan.StateLocation;
import dev.ferry.state.StateBackend;

/** Opens the team's state a plan names: its S3 object, reached with the plan's AWS profile in the state's region. */
final class RemoteState {
    private RemoteState() {
    }

    static StateBackend open(StateLocation where, Plan plan, ConnectOptions connect) {
        AwsSettings settings = (plan.target() != null ? AwsSettings.of(plan.target()) : AwsSettings.defaults())
                .withProfile(connect.profile()).withRegion(where.region());
        AwsEndpoint other = connect.awsEndpoint();
        if (other != null) {
            settings = settings.withEndpoint(other.endpoint()).withCredentials(other.credentials())
                    .withWaiterPollInterval(other.waiterPollInterval());
        }
        return S3StateBackend.open(settings, where.bucket(), where.key());
    }
}
