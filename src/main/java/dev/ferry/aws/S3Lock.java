package dev.ferry.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.state.Json;
import dev.ferry.state.PlanLock;
import dev.ferry.state.PlanLock.LockHolder;
import dev.ferry.state.StateBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The plan's lock as one S3 object holding its holder (id, host, pid, since), created with {@code If-None-Match: *}
 * so only one process can create it. Nothing releases it when its holder dies, so a lock whose holder was on this
 * host and whose pid is gone is stale and taken over (deleted only if it is still that same object, so two processes
 * that both found it stale cannot both win); any other needs {@code ferry unlock PLAN --force ID}.
 */
final class S3Lock {
    private final S3Objects objects;
    private final String key;
    private final String location;

    private record Found(LockHolder holder, String etag) {
    }

    S3Lock(S3Objects objects, String key, String location) {
        this.objects = objects;
        this.key = key;
        this.location = location;
    }

    StateBackend.Lease acquire(Clock clock) {
        LockHolder me = new LockHolder(UUID.randomUUID().toString().substring(0, 8), hostName(),
                ProcessHandle.current().pid(), clock.instant());
        byte[] record = json(me);
        Optional<String> mine = objects.putIf(key, record, Optional.empty());
        if (mine.isEmpty()) {
            Optional<Found> found = found();
            if (found.isPresent() && stale(found.get().holder()) && objects.deleteIf(key, found.get().etag())) {
                mine = objects.putIf(key, record, Optional.empty());
            }
            if (mine.isEmpty()) {
                throw PlanLock.locked(location + ".lock", found().map(Found::holder));
            }
        }
        return lease(me, mine.get());
    }

    Optional<LockHolder> holder() {
        return found().map(Found::holder);
    }

    void forceUnlock(String lockId) {
        Found found = found().orElseThrow(() -> new FerryException(ErrorCode.INVALID_INPUT, "no lock at "
                + location + ".lock; nothing to unlock"));
        if (!found.holder().id().equals(lockId)) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "lock id mismatch: the lock is " + found.holder().id()
                    + ", you gave " + lockId + ". Run `ferry status PLAN` to see the holder, then pass its id");
        }
        if (!objects.deleteIf(key, found.etag())) {
            throw new FerryException(ErrorCode.LOCKED, "the lock at " + location + ".lock changed while unlocking;"
                    + " run `ferry status PLAN` to see the holder now");
        }
    }

    private StateBackend.Lease lease(LockHolder me, String etag) {
        return new StateBackend.Lease() {
            @Override
            public LockHolder holder() {
                return me;
            }

            /** Deletes the lock only if it is still ours: after a force-unlock it may be someone else's. */
            @Override
            public void close() {
                objects.deleteIf(key, etag);
            }
        };
    }

    private Optional<Found> found() {
        return objects.get(key).flatMap(stored -> {
            try {
                return Optional.of(new Found(Json.mapper().readValue(stored.content(), LockHolder.class), stored.etag()));
            } catch (IOException unreadable) {
                return Optional.empty();
            }
        });
    }

    /** Its holder ran on this host and that process is gone. */
    static boolean stale(LockHolder holder) {
        return holder.host().equals(hostName())
                && !ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    private static byte[] json(LockHolder holder) {
        try {
            return Json.mapper().writeValueAsBytes(holder);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
