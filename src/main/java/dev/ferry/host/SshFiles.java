package dev.ferry.host;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Supplier;

/** Files on the source host over SFTP, one channel per operation. */
final class SshFiles {
    /** A new file may hold secrets (env files, their backups): only its owner reads it until someone says otherwise. */
    private static final int NEW_FILE_MODE = 0600;

    private final Supplier<ChannelSftp> channels;
    private final SshEndpoint where;

    SshFiles(Supplier<ChannelSftp> channels, SshEndpoint where) {
        this.channels = channels;
        this.where = where;
    }

    String read(String path) {
        ChannelSftp sftp = channels.get();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            sftp.get(path, out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (SftpException e) {
            throw failure("read", path, e);
        } finally {
            sftp.disconnect();
        }
    }

    /** Writes a sibling temporary file with the target's permissions, then renames it over the target. */
    void write(String path, String content) {
        ChannelSftp sftp = channels.get();
        String temporary = sibling(path);
        try {
            int mode = modeOf(sftp, path);
            sftp.put(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), temporary);
            sftp.chmod(mode, temporary);
            sftp.rename(temporary, path);
        } catch (SftpException e) {
            removeQuietly(sftp, temporary);
            throw failure("write", path, e);
        } finally {
            sftp.disconnect();
        }
    }

    boolean exists(String path) {
        ChannelSftp sftp = channels.get();
        try {
            sftp.stat(path);
            return true;
        } catch (SftpException e) {
            if (missing(e)) {
                return false;
            }
            throw failure("stat", path, e);
        } finally {
            sftp.disconnect();
        }
    }

    private static int modeOf(ChannelSftp sftp, String path) throws SftpException {
        try {
            SftpATTRS attrs = sftp.stat(path);
            return attrs.getPermissions() & 07777;
        } catch (SftpException e) {
            if (missing(e)) {
                return NEW_FILE_MODE;
            }
            throw e;
        }
    }

    private static String sibling(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + ".ferry-" + UUID.randomUUID() + ".tmp";
    }

    private static void removeQuietly(ChannelSftp sftp, String path) {
        try {
            sftp.rm(path);
        } catch (SftpException ignored) {
            // It was never written, or is gone already.
        }
    }

    private static boolean missing(SftpException e) {
        return e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE;
    }

    private FerryException failure(String operation, String path, SftpException e) {
        String why = missing(e) ? "no such file or directory" : e.getMessage();
        return new FerryException(ErrorCode.STEP_FAILED, "cannot " + operation + " " + path + " on " + where + ": " + why,
                e);
    }
}
