package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.step.HttpProbe;
import dev.ferry.step.Step;
import dev.ferry.plan.StepIds;
import java.util.List;
import java.util.function.UnaryOperator;

/** The built-in steps, in the order of the procedure. */
public final class StepLibrary {
    private final List<Step> steps;
    private final HttpProbe http;

    public StepLibrary() {
        this(HttpProbe.jdk());
    }

    /** {@code http} is how verify-temporary-domain reaches the app; rehearsals pass their own. */
    public StepLibrary(HttpProbe http) {
        this.http = http;
        this.steps = List.of(new UpgradeLocalPostgres(), new Provision(), new MoveDatabase(), new RepointRedis(),
                new StartFargateWorkers(), new HandoffScheduler(), new VerifyTemporaryDomain(http), new CutoverServer(),
                new Decommission());
    }

    private StepLibrary(List<Step> steps, HttpProbe http) {
        this.steps = List.copyOf(steps);
        this.http = http;
    }

    /** How the app is reached from the operator's machine (verify-temporary-domain; the run's downtime probe). */
    public HttpProbe http() {
        return http;
    }

    /** The same steps, each passed through {@code wrapper} (rehearsals use it to inject crashes between actions). */
    public StepLibrary wrapped(UnaryOperator<Step> wrapper) {
        return new StepLibrary(steps.stream().map(wrapper).toList(), http);
    }

    public List<Step> all() {
        return steps;
    }

    public Step forId(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow(() -> Failures.input(
                "no built-in step '" + id + "'", "Use one of " + StepIds.ALL + " or declare a hook step"));
    }
}
