package dev.ferry.cli;

import dev.ferry.engine.Operator;
import dev.ferry.wiring.ConnectOptions;
import dev.ferry.wiring.Wiring;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Options of the commands that change the world. */
public final class ApplyOptions {
    @Option(names = {"-y", "--yes"}, description = "do not ask per step (for scripts); one-way steps still need --confirm")
    boolean yes;

    @Option(names = "--confirm", paramLabel = "STEP", description = "typed confirmation for a one-way step (repeatable)")
    List<String> confirm = List.of();

    @Option(names = "--accept-new-host-key", description = "trust the source host's key on first use and add it to"
            + " known_hosts (a changed key is always refused)")
    boolean acceptNewHostKey;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: the plan's target.region)")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "AWS profile (default: AWS_PROFILE, then the"
            + " plan's target.profile, then the AWS default chain)")
    String profile;

    Set<String> confirmations() {
        return new LinkedHashSet<>(confirm);
    }

    ConnectOptions connect() {
        return new ConnectOptions(region, profile, acceptNewHostKey);
    }

    Operator operator(Wiring wiring, Console console) {
        return wiring.operator(yes, confirmations(), console.in(), console.err());
    }
}
