package dev.ferry.doctor;

import dev.ferry.plan.StateLocation;
import dev.ferry.state.StateBackend;
import dev.ferry.state.StorageFacts;
import dev.ferry.step.Check;
import java.util.List;
import java.util.Optional;

/**
 * The doctor's lane for shared state: can this principal reach the state bucket ({@code state-bucket}), does it keep
 * old versions of the state ({@code state-versioning}: without it a bad write cannot be undone) and is it encrypted
 * at rest ({@code state-encryption}). Empty for local state. The facts are read once, by the first probe.
 */
public final class StateBucketChecks {
    private final StateLocation where;
    private final StateBackend backend;
    private Optional<StorageFacts> facts;

    /** {@code where}: the plan's {@code state}; {@code backend}: the backend built from it. */
    public StateBucketChecks(StateLocation where, StateBackend backend) {
        this.where = where;
        this.backend = backend;
    }

    /** The three probes, or none for local state. Nothing is read until the first probe runs (under its timeout). */
    public List<Probe> lane() {
        if (!where.isS3()) {
            return List.of();
        }
        return List.of(
                Probe.of("state-bucket", () -> bucket(facts())),
                Probe.of("state-versioning", () -> versioning(facts())).after("state-bucket"),
                Probe.of("state-encryption", () -> encryption(facts())).after("state-bucket"));
    }

    private synchronized StorageFacts facts() {
        if (facts == null || facts.isEmpty()) {
            facts = backend.facts();
        }
        return facts.orElseThrow(() -> new IllegalStateException("the state backend at " + backend.location()
                + " reports no bucket facts; check that the plan's state.backend is s3"));
    }

    static Check bucket(StorageFacts facts) {
        return facts.problem().map(problem -> Check.failed(new IllegalStateException(problem)))
                .orElseGet(() -> Check.ok("state at " + facts.location() + " is reachable"));
    }

    static Check versioning(StorageFacts facts) {
        if (StorageFacts.ENABLED.equals(facts.versioning())) {
            return Check.ok("versioning is Enabled: every earlier state stays recoverable");
        }
        String now = StorageFacts.UNKNOWN.equals(facts.versioning()) ? "could not be read"
                : "is " + facts.versioning();
        return Check.warn("versioning of the state bucket " + now + ": a bad write of " + facts.location()
                + " could not be undone", "Enable it: `" + facts.enableVersioning() + "`");
    }

    static Check encryption(StorageFacts facts) {
        return switch (facts.encryption()) {
            case StorageFacts.NONE -> Check.warn("the state bucket has no default encryption",
                    "Set one: `" + facts.enableEncryption() + "`");
            case StorageFacts.UNKNOWN -> Check.warn("the state bucket's default encryption could not be read",
                    "Grant s3:GetEncryptionConfiguration, or check it in the console");
            default -> Check.ok("default encryption " + facts.encryption());
        };
    }
}
