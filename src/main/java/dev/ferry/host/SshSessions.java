package dev.ferry.host;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UnixDomainSocketFactory;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.plan.SourceHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens (and reopens) the JSch session to the source host along its {@link SshRoute}: through the plan's bastion, the
 * ssh config's ProxyJump hops (each hop's session carries the next in a direct-tcpip channel) or its ProxyCommand.
 */
final class SshSessions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SshSessions.class);

    private final SshOptions options;
    private final SshEndpoint target;
    private final SshRoute route;
    private final Path knownHosts;
    private final List<Session> jumpSessions = new ArrayList<>();
    private CommandProxy commandProxy;
    private Session session;

    SshSessions(SourceHost host, SshOptions options) {
        this.options = options;
        this.target = SshEndpoint.resolve(host.host(), host.user(), host.port(), host.identityFile(), options.sshConfig());
        this.route = SshRoute.of(host, target, options.sshConfig());
        this.knownHosts = host.knownHosts() == null || host.knownHosts().isBlank()
                ? Path.of(System.getProperty("user.home"), ".ssh", "known_hosts")
                : Path.of(host.knownHosts().replaceFirst("^~(?=/)", System.getProperty("user.home")));
    }

    SshEndpoint target() {
        return target;
    }

    /** The live session, connecting first if there is none or it dropped. */
    synchronized Session session(ErrorCode onFailure) {
        if (session != null && session.isConnected()) {
            return session;
        }
        disconnect();
        JSch jsch = jsch();
        Session previous = null;
        for (SshEndpoint jump : route.jumps()) {
            previous = connect(jsch, jump, previous == null ? null : new JumpProxy(previous), onFailure);
            jumpSessions.add(previous);
            log.info("connected to jump host {}", jump);
        }
        Proxy proxy = previous != null ? new JumpProxy(previous) : null;
        if (route.proxyCommand() != null) {
            commandProxy = new CommandProxy(route.proxyCommand());
            proxy = commandProxy;
        }
        session = connect(jsch, target, proxy, onFailure);
        log.info("connected to {}{}", target, route.describe());
        return session;
    }

    private Session connect(JSch jsch, SshEndpoint endpoint, Proxy proxy, ErrorCode onFailure) {
        HostKeyGuard guard = HostKeyGuard.of(knownHosts, options.acceptNewHostKey());
        try {
            Session s = jsch.getSession(endpoint.user(), endpoint.hostname(), endpoint.port());
            s.setHostKeyRepository(guard);
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setConfig("PreferredAuthentications", "publickey");
            s.setServerAliveInterval((int) options.keepAlive().toMillis());
            s.setServerAliveCountMax(3);
            if (proxy != null) {
                s.setProxy(proxy);
            }
            s.connect((int) options.connectTimeout().toMillis());
            return s;
        } catch (JSchException e) {
            throw translate(e, endpoint, guard, onFailure);
        }
    }

    private JSch jsch() {
        JSch jsch = new JSch();
        if (options.agentSocket() != null) {
            try {
                // Set before addIdentity: JSch then keeps file keys in memory beside the agent's keys.
                jsch.setIdentityRepository(new AgentIdentityRepository(
                        new SSHAgentConnector(new UnixDomainSocketFactory(), options.agentSocket())));
            } catch (AgentProxyException e) {
                log.warn("ignoring ssh-agent at {}: {}", options.agentSocket(), e.getMessage());
            }
        }
        List<String> files = new ArrayList<>(target.identityFiles());
        route.jumps().forEach(jump -> files.addAll(jump.identityFiles()));
        for (String file : files) {
            try {
                jsch.addIdentity(file);
            } catch (JSchException e) {
                throw new FerryException(ErrorCode.PREFLIGHT_FAILED, "cannot load the SSH key " + file + ": "
                        + e.getMessage() + "; check source.identityFile in the plan (passphrase-protected keys need"
                        + " ssh-agent: `ssh-add " + file + "`)", e);
            }
        }
        return jsch;
    }

    private FerryException translate(JSchException e, SshEndpoint endpoint, HostKeyGuard guard, ErrorCode onFailure) {
        HostKeyGuard.Refusal refusal = guard.refusal();
        if (refusal != null) {
            return HostKeyRefusals.refused(refusal, endpoint, route.leadingTo(endpoint), guard.file());
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("Auth fail") || message.contains("Auth cancel")) {
            return new FerryException(ErrorCode.PREFLIGHT_FAILED, "SSH authentication to " + endpoint + " failed with "
                    + (endpoint.identityFiles().isEmpty() ? "no key file" : "key " + endpoint.identityFiles())
                    + (options.agentSocket() == null ? " and no ssh-agent" : " and the ssh-agent keys")
                    + "; check source.user and source.identityFile in the plan", e);
        }
        String proxyError = commandProxy != null && commandProxy.lastError() != null
                ? " (ProxyCommand said: " + commandProxy.lastError() + ")" : "";
        return FerryException.advised(onFailure, "cannot connect to " + endpoint
                + route.leadingTo(endpoint).describe() + ": " + message + proxyError
                + "; check that the host is up and reachable, then try again", e);
    }

    synchronized void disconnect() {
        if (session != null) {
            session.disconnect();
            session = null;
        }
        if (commandProxy != null) {
            commandProxy.close();
            commandProxy = null;
        }
        for (int i = jumpSessions.size() - 1; i >= 0; i--) {
            jumpSessions.get(i).disconnect();
        }
        jumpSessions.clear();
    }

    @Override
    public void close() {
        disconnect();
    }
}
