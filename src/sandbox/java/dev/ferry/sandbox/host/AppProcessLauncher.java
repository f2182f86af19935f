package dev.ferry.sandbox.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a compose service that is neither PostgreSQL nor Redis (the app's server, workers, scheduler, nginx) as a local
 * process. The docker stand-in runs in its own JVM per call, so an implementation is named by class (it needs a public
 * no-argument constructor) and the process it starts must outlive that JVM: detach it and send its output to files.
 */
public interface AppProcessLauncher {

    /** Starts the service and returns the pid of its long-running process. */
    long launch(AppContainer container);

    /**
     * One app container to start.
     *
     * @param environment      the container's variables: compose {@code environment} and {@code env_file}
     * @param publishedPorts   container port to host port, from compose {@code ports}
     * @param serviceAddresses compose service name to {@code 127.0.0.1:port} for the running PostgreSQL and Redis
     *                         services of the project: how a stand-in resolves {@code postgres} in a database URL
     * @param directory        a directory owned by this container for its logs and files
     */
    record AppContainer(String project, String service, String image, List<String> command,
                        Map<String, String> environment, Map<Integer, Integer> publishedPorts,
                        Map<String, String> serviceAddresses, Path directory) {
    }
}
