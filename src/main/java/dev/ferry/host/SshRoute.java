package dev.ferry.host;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.plan.SourceHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the SSH connection to the source host travels, as OpenSSH would take it: through the plan's
 * {@code source.bastion} when it names one (the plan wins), else through the ssh config's {@code ProxyJump} hops
 * (comma-separated, {@code [user@]host[:port]} or {@code ssh://}, each hop an alias of the same config), else through
 * its {@code ProxyCommand} run locally, else directly. When a config names both, ProxyJump is taken.
 *
 * @param jumps        the hops in order, the first reached directly; empty for none
 * @param proxyCommand the target's ProxyCommand with %h, %p, %r, %n expanded and shell-quoted; {@code null} for none
 */
record SshRoute(List<SshEndpoint> jumps, String proxyCommand) {

    static SshRoute of(SourceHost host, SshEndpoint target, Path sshConfig) {
        SourceHost.Bastion b = host.bastion();
        if (b != null) {
            return new SshRoute(List.of(SshEndpoint.resolve(b.host(), b.user(), b.port(), b.identityFile(),
                    sshConfig)), null);
        }
        if (target.proxyJump() != null) {
            List<SshEndpoint> hops = new ArrayList<>();
            for (String hop : target.proxyJump().split(",")) {
                hops.add(hop(hop.trim(), sshConfig));
            }
            return new SshRoute(List.copyOf(hops), null);
        }
        if (target.proxyCommand() != null) {
            return new SshRoute(List.of(), CommandProxy.expand(target.proxyCommand(), target));
        }
        return new SshRoute(List.of(), null);
    }

    /** One ProxyJump hop: {@code [ssh://][user@]host[:port]}, {@code host} possibly {@code [v6]} or a config alias. */
    static SshEndpoint hop(String spec, Path sshConfig) {
        String rest = spec.startsWith("ssh://") ? spec.substring("ssh://".length()) : spec;
        int at = rest.lastIndexOf('@');
        String user = at >= 0 ? rest.substring(0, at) : null;
        rest = rest.substring(at + 1);
        String host = rest;
        String port = null;
        if (rest.startsWith("[") && rest.indexOf(']') > 0) {
            host = rest.substring(1, rest.indexOf(']'));
            String after = rest.substring(rest.indexOf(']') + 1);
            port = after.startsWith(":") ? after.substring(1) : null;
        } else if (rest.indexOf(':') > 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
            host = rest.substring(0, rest.indexOf(':'));
            port = rest.substring(rest.indexOf(':') + 1);
        }
        if (host.isBlank() || port != null && !port.matches("\\d{1,5}")) {
            throw new FerryException(ErrorCode.PREFLIGHT_FAILED, "the ssh config's ProxyJump hop '" + spec + "' is not"
                    + " [user@]host[:port]" + (sshConfig == null ? "" : " (in " + sshConfig + ")")
                    + "; fix the ProxyJump line");
        }
        return SshEndpoint.resolve(host, user, port == null ? 0 : Integer.parseInt(port), null, sshConfig);
    }

    /** The part of this route that reaches {@code endpoint}: the hops before it, or all of it for the target. */
    SshRoute leadingTo(SshEndpoint endpoint) {
        int hop = jumps.indexOf(endpoint);
        return hop < 0 ? this : new SshRoute(jumps.subList(0, hop), null);
    }

    boolean direct() {
        return jumps.isEmpty() && proxyCommand == null;
    }

    /** " through jump hosts a, b", " through ProxyCommand `...`" or "" (for messages and the log). */
    String describe() {
        if (!jumps.isEmpty()) {
            return (jumps.size() == 1 ? " through jump host " : " through jump hosts ")
                    + String.join(", ", jumps.stream().map(SshEndpoint::toString).toList());
        }
        return proxyCommand == null ? "" : " through ProxyCommand `" + proxyCommand + "`";
    }
}
