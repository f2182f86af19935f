package dev.ferry.sandbox.host;

import java.util.List;

/**
 * One compose container as the stand-in keeps it between {@code docker} calls.
 *
 * @param state      {@code running} or {@code exited}
 * @param dataDir    the PostgreSQL data directory (the volume's path) or Redis's working directory
 * @param configHash what the container was created from; {@code up} recreates it when the compose service changes
 * @param mounts     the container's mounts as {@code docker inspect} reports them, fixed when it was created
 */
record ContainerRecord(String service, String name, String id, String image, String configHash, String state,
                       int exitCode, long pid, String pidStart, int port, List<ComposeFile.Port> published,
                       String dataDir, String directory, long createdAt, long startedAt, long finishedAt,
                       List<MountPoint> mounts) {

    /** A mount: {@code type} is {@code bind} or {@code volume}; {@code name} is the volume's (null for a bind). */
    record MountPoint(String type, String name, String source, String destination) {
    }

    ContainerRecord {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
    }

    boolean running() {
        return "running".equals(state) && Pids.alive(pid, pidStart);
    }

    ContainerRecord started(long newPid, int newPort) {
        long now = System.currentTimeMillis();
        return new ContainerRecord(service, name, id, image, configHash, "running", 0, newPid, Pids.startTime(newPid),
                newPort, published, dataDir, directory, createdAt, now, 0, mounts);
    }

    ContainerRecord exited(int code) {
        return new ContainerRecord(service, name, id, image, configHash, "exited", code, 0, null, port, published,
                dataDir, directory, createdAt, startedAt, System.currentTimeMillis(), mounts);
    }

    /** Reconciles with the process table: a container whose process died has exited. */
    ContainerRecord refreshed() {
        return "running".equals(state) && !Pids.alive(pid, pidStart) ? exited(137) : this;
    }
}
