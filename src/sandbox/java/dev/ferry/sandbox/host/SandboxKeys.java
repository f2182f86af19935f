package dev.ferry.sandbox.host;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** Key pairs for the sandbox SSH server: ECDSA P-256, which both MINA and JSch speak without extra providers. */
final class SandboxKeys {
    private SandboxKeys() {
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC key pair", e);
        }
    }

    /** Writes an unencrypted OpenSSH private key (mode 0600) and its {@code .pub} beside it. */
    static Path writeIdentity(KeyPair pair, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "ferry-sandbox", null, out);
            }
            Files.writeString(file.resolveSibling(file.getFileName() + ".pub"), publicKeyLine(pair) + " ferry-sandbox\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the sandbox key", e);
        }
    }

    /** {@code ecdsa-sha2-nistp256 AAAA...}: the key as authorized_keys and known_hosts write it. */
    static String publicKeyLine(KeyPair pair) {
        return PublicKeyEntry.toString(pair.getPublic());
    }
}
