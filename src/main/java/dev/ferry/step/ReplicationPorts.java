package dev.ferry.step;

import dev.ferry.step.DatabasePorts.ConnectionSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Native logical replication from the source database (a publication and the slot the subscription makes there) to
 * the target (a subscription). Every call checks before it changes anything, so each can be repeated after a crash.
 * {@code publisher} is the source as the <em>target</em> server reaches it: it goes into the subscription's
 * connection, which holds its password; no implementation logs or returns that connection text.
 */
public interface ReplicationPorts {

    /** What keeps {@code source} from publishing, one sentence each (settings, role, tables lacking a key); empty when ready. */
    Readiness readiness(ConnectionSpec source);

    /** Creates the publication for all tables on {@code source} and the subscription on {@code target}, if missing. */
    void start(ConnectionSpec source, ConnectionSpec target, ConnectionSpec publisher, Names names);

    /** Where the replication stands now: which objects exist, tables copied, lag. */
    Status status(ConnectionSpec source, ConnectionSpec target, Names names);

    /** Waits until every table's initial copy is done (pg_subscription_rel state 'r'), reporting progress. */
    Status awaitInitialCopy(ConnectionSpec target, Names names, Duration timeout, Consumer<String> progress);

    /**
     * Waits until the subscription has confirmed the source's WAL position taken at the call (LSN equality, no sleep
     * guess); call with the writers stopped. Returns that position.
     */
    String awaitCaughtUp(ConnectionSpec source, Names names, Duration timeout, Consumer<String> progress);

    /**
     * The live half of the verification, with the app still writing: starts tracking the source's changes (a
     * {@code test_decoding} slot, {@link Names#verifySlot()}), waits until {@code target} applied everything up to
     * there, and digests both sides by buckets of key values. Empty when the source cannot track changes (said through
     * {@code progress}); the cutover then verifies every table whole.
     */
    Optional<LiveDigests> verifyLive(ConnectionSpec source, ConnectionSpec target, Names names, Duration timeout,
                                     Consumer<String> progress);

    /**
     * The writers-stopped half, after the catch-up: digests again only the buckets changed since {@code live} or
     * differing then, and returns both sides as full snapshots would show them. Empty when the tracking slot is gone
     * or unreadable: the caller then takes full snapshots.
     */
    Optional<LiveDigests.Cutover> verifyAtCutover(ConnectionSpec source, ConnectionSpec target, Names names,
                                                  LiveDigests live, Consumer<String> progress);

    /** Sets every sequence of {@code target} to its value on {@code source} (logical replication does not carry them). */
    int copySequences(ConnectionSpec source, ConnectionSpec target);

    /** Drops the subscription (target), its slots and the publication (source), whichever exist. Returns what it dropped. */
    List<String> drop(ConnectionSpec source, ConnectionSpec target, Names names);

    /** The objects of one plan, named after it so that another plan's are never touched. */
    record Names(String publication, String subscription, String slot) {
        private static final int MAX_PLAN_PART = 40;

        public static Names forPlan(String planName) {
            String part = planName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            part = part.substring(0, Math.min(part.length(), MAX_PLAN_PART));
            String base = "ferry_" + part;
            return new Names(base + "_pub", base + "_sub", base + "_sub");
        }

        /** The slot that tracks the source's changes between the two halves of the verification. */
        public String verifySlot() {
            return slot + "_verify";
        }
    }

    /** {@code problems} blocks replication; {@code tablesWithoutKey} are also among them, listed for the message. */
    record Readiness(List<String> problems, List<String> tablesWithoutKey) {
        public Readiness {
            problems = List.copyOf(problems);
            tablesWithoutKey = List.copyOf(tablesWithoutKey);
        }

        public boolean ready() {
            return problems.isEmpty();
        }
    }

    /** {@code lagBytes} is -1 when there is no slot to measure. */
    record Status(boolean publication, boolean subscription, boolean slot, int tables, int tablesReady, long lagBytes) {
        public boolean initialCopyDone() {
            return subscription && tables > 0 && tablesReady == tables;
        }

        public boolean anyLeft() {
            return publication || subscription || slot;
        }

        @Override
        public String toString() {
            if (!anyLeft()) {
                return "no publication, subscription or slot";
            }
            return "publication " + (publication ? "yes" : "no") + ", subscription " + (subscription ? "yes" : "no")
                    + ", slot " + (slot ? "yes" : "no") + "; tables copied " + tablesReady + "/" + tables
                    + (lagBytes >= 0 ? "; lag " + lagBytes + " bytes" : "");
        }
    }
}
