package dev.ferry.sandbox.aws;

import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for tests and rehearsals, plus a count of every call that reached the endpoint. Services are named
 * by their SigV4 signing name ({@code rds}, {@code ecs}, {@code elasticloadbalancing}, ...), operations by their API
 * name ({@code CreateDBInstance}).
 */
public final class Faults {
    /** What an injected fault makes the endpoint answer. */
    enum Kind { THROTTLE, SERVER_ERROR, ACCESS_DENIED }

    private final Map<String, AtomicInteger> throttles = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> serverErrors = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> denials = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Queue<String>> creationFailures = new ConcurrentHashMap<>();
    private final String caller;

    Faults(String caller) {
        this.caller = caller;
    }

    /** Who the denials name as the caller (the ARN the sandbox's STS answers with). */
    String caller() {
        return caller;
    }

    /** The next {@code times} calls of the operation are answered with the protocol's throttling error. */
    public Faults throttleNext(String service, String operation, int times) {
        throttles.computeIfAbsent(key(service, operation), k -> new AtomicInteger()).addAndGet(times);
        return this;
    }

    /** The next {@code times} calls of the operation are answered with HTTP 500 (InternalFailure). */
    public Faults failNext(String service, String operation, int times) {
        serverErrors.computeIfAbsent(key(service, operation), k -> new AtomicInteger()).addAndGet(times);
        return this;
    }

    /**
     * Every call of the operation is refused as IAM refuses it, until {@link #clear()}: HTTP 403 {@code AccessDenied}
     * (EC2: {@code UnauthorizedOperation}; JSON services: 400 {@code AccessDeniedException}) with AWS's message naming
     * the caller and the action.
     */
    public Faults deny(String service, String operation) {
        denials.computeIfAbsent(key(service, operation), k -> new AtomicInteger()).set(Integer.MAX_VALUE);
        return this;
    }

    /**
     * The next resource the service creates is accepted, then fails while it is being created, as RDS does with an
     * instance it cannot build ({@code failed}); {@code reason} is what the service's events say.
     */
    public Faults failNextCreation(String service, String reason) {
        creationFailures.computeIfAbsent(service, k -> new ConcurrentLinkedQueue<>()).add(reason);
        return this;
    }

    /** The reason the next creation of the service fails, taken once; empty when it is to succeed. */
    Optional<String> takeCreationFailure(String service) {
        Queue<String> reasons = creationFailures.get(service);
        return Optional.ofNullable(reasons == null ? null : reasons.poll());
    }

    /** How many requests for the operation reached the endpoint, faulted or not. */
    public int calls(String service, String operation) {
        AtomicInteger count = calls.get(key(service, operation));
        return count == null ? 0 : count.get();
    }

    public void clear() {
        throttles.clear();
        serverErrors.clear();
        denials.clear();
        creationFailures.clear();
    }

    /** Records the call; returns the fault to answer with, or null to serve it. */
    Kind onCall(String service, String operation) {
        String key = key(service, operation);
        calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (take(denials, key)) {
            return Kind.ACCESS_DENIED;
        }
        if (take(throttles, key)) {
            return Kind.THROTTLE;
        }
        return take(serverErrors, key) ? Kind.SERVER_ERROR : null;
    }

    private static boolean take(Map<String, AtomicInteger> pending, String key) {
        AtomicInteger left = pending.get(key);
        return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    private static String key(String service, String operation) {
        return service + ":" + operation;
    }
}
