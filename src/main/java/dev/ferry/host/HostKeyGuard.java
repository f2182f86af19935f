package dev.ferry.host;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strict host key checking against one known_hosts file. JSch's own "accept" modes would also replace a changed key,
 * so JSch always runs with {@code StrictHostKeyChecking=yes} and this repository decides: a listed key passes, a new
 * key passes only with accept-new (and is appended to the file), a changed key never does. It remembers what it
 * refused so the caller can say exactly how to trust the key.
 */
final class HostKeyGuard implements HostKeyRepository {
    private static final Logger log = LoggerFactory.getLogger(HostKeyGuard.class);

    private final HostKeyRepository known;
    private final Path file;
    private final boolean acceptNew;
    private volatile Refusal refusal;

    /** What was refused: the known_hosts host pattern ({@code [h]:p} unless port 22), the key and why. */
    record Refusal(String hostPattern, byte[] key, int status) {
    }

    private HostKeyGuard(HostKeyRepository known, Path file, boolean acceptNew) {
        this.known = known;
        this.file = file;
        this.acceptNew = acceptNew;
    }

    static HostKeyGuard of(Path knownHosts, boolean acceptNew) {
        JSch reader = new JSch();
        if (Files.isRegularFile(knownHosts)) {
            try {
                reader.setKnownHosts(knownHosts.toString());
            } catch (JSchException e) {
                throw new FerryException(ErrorCode.PREFLIGHT_FAILED, "cannot read known_hosts " + knownHosts + ": "
                        + e.getMessage() + "; fix or remove the broken line", e);
            }
        }
        return new HostKeyGuard(reader.getHostKeyRepository(), knownHosts, acceptNew);
    }

    Refusal refusal() {
        return refusal;
    }

    Path file() {
        return file;
    }

    @Override
    public int check(String host, byte[] key) {
        int status = known.check(host, key);
        if (status == NOT_INCLUDED && acceptNew) {
            trust(host, key);
            return OK;
        }
        if (status != OK) {
            refusal = new Refusal(host, key.clone(), status);
        }
        return status;
    }

    private void trust(String host, byte[] key) {
        String line = host + " " + keyType(key) + " " + Base64.getEncoder().encodeToString(key) + "\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the host key of " + host + " to " + file, e);
        }
        log.warn("trusted the new {} host key {} of {} on first use (accept-new); saved to {}", keyType(key),
                fingerprint(key), host, file);
    }

    /** OpenSSH's {@code SHA256:} fingerprint: unpadded base64 of the SHA-256 of the key blob. */
    static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The algorithm name at the start of an SSH public key blob, e.g. {@code ssh-ed25519}. */
    static String keyType(byte[] key) {
        int length = ((key[0] & 0xff) << 24) | ((key[1] & 0xff) << 16) | ((key[2] & 0xff) << 8) | (key[3] & 0xff);
        return new String(key, 4, length, StandardCharsets.US_ASCII);
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Never called with StrictHostKeyChecking=yes; refuse silently rather than weaken the check.
        log.debug("ignored a request to add a host key for {}", hostkey.getHost());
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return file.toString();
    }

    @Override
    public HostKey[] getHostKey() {
        return known.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return known.getHostKey(host, type);
    }
}
