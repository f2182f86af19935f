package dev.ferry.sandbox.host;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Faults the sandbox host can be told to cause, to rehearse what ferry does when the network misbehaves. */
final class FaultInjection {
    private static final Logger log = LoggerFactory.getLogger(FaultInjection.class);

    private record Drop(String marker, Duration after) {
    }

    private final AtomicReference<Drop> nextDrop = new AtomicReference<>();

    void dropConnectionDuring(String marker, Duration after) {
        nextDrop.set(new Drop(marker, after));
    }

    /** Kills the whole SSH connection (no exit status sent) a moment after the marked command started; once. */
    void onStart(String command, Session session) {
        Drop drop = nextDrop.get();
        if (drop == null || !command.contains(drop.marker()) || !nextDrop.compareAndSet(drop, null)) {
            return;
        }
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(drop.after().toMillis());
                log.info("fault injection: dropping the SSH connection of {}", session.getUsername());
                session.close(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sandbox-fault");
        killer.setDaemon(true);
        killer.start();
    }
}
