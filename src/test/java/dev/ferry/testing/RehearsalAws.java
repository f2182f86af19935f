package dev.ferry.testing;

import dev.ferry.aws.AwsSettings;
import dev.ferry.sandbox.Rehearsal;
import dev.ferry.wiring.AwsEndpoint;

/** AWS settings for a test that looks at a rehearsal's sandbox AWS endpoint itself (inventories, child processes). */
public final class RehearsalAws {
    private RehearsalAws() {
    }

    public static AwsSettings settings(Rehearsal rehearsal) {
        AwsEndpoint endpoint = rehearsal.awsEndpoint();
        return AwsSettings.defaults().withRegion(rehearsal.awsRegion()).withEndpoint(endpoint.endpoint())
                .withCredentials(endpoint.credentials()).withWaiterPollInterval(endpoint.waiterPollInterval());
    }
}
