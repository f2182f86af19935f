package dev.ferry.host;

import com.jcraft.jsch.HostKeyRepository;
import java.nio.file.Path;

/** The messages for a refused host key: what was presented, where ferry looked, and the exact way to trust it. */
final class HostKeyRefusals {
    private HostKeyRefusals() {
    }

    /** {@code route}: how {@code endpoint} was reached (its jump hosts before it, or its ProxyCommand). */
    static HostKeyRefusedException refused(HostKeyGuard.Refusal refusal, SshEndpoint endpoint, SshRoute route,
                                           Path file) {
        String type = HostKeyGuard.keyType(refusal.key());
        String presented = type + " key " + HostKeyGuard.fingerprint(refusal.key());
        String trust = trustCommand(endpoint, route, type, file);
        String verify = "ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(type) + "_key.pub";
        if (refusal.status() == HostKeyRepository.CHANGED) {
            String remove = "ssh-keygen -R '" + endpoint.knownHostsName() + "' -f " + file;
            return new HostKeyRefusedException("the SSH host key of " + endpoint.knownHostsName()
                    + " has CHANGED: it now presents " + presented + ", which does not match " + file + ". This can"
                    + " be a rebuilt host or someone intercepting the connection, so ferry refuses it (also with"
                    + " --accept-new-host-key). If the change is expected, verify the fingerprint on the host"
                    + " (`" + verify + "`), remove the old entry with `" + remove + "`, then trust the new one with `"
                    + trust + "`. Nothing was changed", true, presented, verify, remove + " && " + trust);
        }
        return new HostKeyRefusedException("the SSH host key of " + endpoint.knownHostsName()
                + " is not in " + file + " (it presents " + presented + "). Verify the fingerprint on the host"
                + " (`" + verify + "`), then trust it with `" + trust
                + "`, or run again with --accept-new-host-key to trust it on first use. Nothing was changed", false,
                presented, verify, trust);
    }

    private static String trustCommand(SshEndpoint endpoint, SshRoute route, String type, Path file) {
        if (route.direct()) {
            return "ssh-keyscan " + (endpoint.port() == 22 ? "" : "-p " + endpoint.port() + " ") + "-t "
                    + shortType(type) + " " + endpoint.hostname() + " >> " + file;
        }
        String via = route.proxyCommand() != null
                ? "-o ProxyCommand=" + ShellQuoting.quoted(route.proxyCommand())
                : "-J " + String.join(",", route.jumps().stream()
                        .map(j -> j.user() + "@" + j.hostname() + ":" + j.port()).toList());
        return "ssh -o UserKnownHostsFile=" + file + " -o StrictHostKeyChecking=accept-new " + via + " -p "
                + endpoint.port() + " " + endpoint.user() + "@" + endpoint.hostname() + " true";
    }

    /** ssh-keyscan's -t name and the host key file suffix: rsa, ecdsa, ed25519. */
    private static String shortType(String type) {
        if (type.startsWith("ecdsa")) {
            return "ecdsa";
        }
        return type.startsWith("ssh-") ? type.substring(4) : type;
    }
}
