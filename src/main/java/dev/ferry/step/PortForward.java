package dev.ferry.step;

/** A local TCP port on 127.0.0.1 that tunnels to a host and port as seen from the source host; closing stops it. */
public interface PortForward extends AutoCloseable {
    int localPort();

    @Override
    void close();
}
