package dev.ferry.host;

import com.jcraft.jsch.ConfigRepository;
import com.jcraft.jsch.OpenSSHConfig;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where one SSH hop goes once {@code ~/.ssh/config} aliases are applied. Values the plan gives win over the config;
 * only HostName, User, Port, IdentityFile, ProxyJump and ProxyCommand are read from it, so a config's
 * {@code StrictHostKeyChecking no} can never weaken ferry's check.
 *
 * @param proxyJump    the config's {@code ProxyJump} for this alias ({@code null} when absent or {@code none})
 * @param proxyCommand the config's {@code ProxyCommand}, unexpanded ({@code null} when absent or {@code none})
 */
record SshEndpoint(String alias, String hostname, String user, int port, List<String> identityFiles,
                   String proxyJump, String proxyCommand) {

    static SshEndpoint resolve(String alias, String user, int port, String identityFile, Path sshConfig) {
        ConfigRepository.Config config = config(alias, sshConfig);
        String hostname = firstNonBlank(config.getHostname(), alias);
        String resolvedUser = firstNonBlank(user, config.getUser(), System.getProperty("user.name"));
        int resolvedPort = port > 0 ? port : config.getPort() > 0 ? config.getPort() : 22;
        List<String> identities = new ArrayList<>();
        if (identityFile != null && !identityFile.isBlank()) {
            identities.add(expandHome(identityFile));
        } else {
            String[] fromConfig = config.getValues("IdentityFile");
            if (fromConfig != null) {
                Arrays.stream(fromConfig).map(SshEndpoint::expandHome).forEach(identities::add);
            }
        }
        return new SshEndpoint(alias, hostname, resolvedUser, resolvedPort, List.copyOf(identities),
                unlessNone(config.getValue("ProxyJump")), unlessNone(config.getValue("ProxyCommand")));
    }

    /** The name known_hosts lists this endpoint under, as OpenSSH writes it. */
    String knownHostsName() {
        return port == 22 ? hostname : "[" + hostname + "]:" + port;
    }

    @Override
    public String toString() {
        return user + "@" + hostname + ":" + port;
    }

    private static ConfigRepository.Config config(String alias, Path sshConfig) {
        if (sshConfig == null) {
            return ConfigRepository.defaultConfig;
        }
        try {
            return OpenSSHConfig.parseFile(sshConfig.toString()).getConfig(alias);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.PREFLIGHT_FAILED, "cannot read the SSH config " + sshConfig + ": "
                    + e.getMessage(), e);
        }
    }

    private static String unlessNone(String value) {
        return value == null || value.isBlank() || value.trim().equalsIgnoreCase("none") ? null : value.trim();
    }

    private static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
