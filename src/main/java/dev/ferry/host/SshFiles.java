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
    private static final int PRIVATE_DIRECTORY_MODE = 0700;

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

    /**
     * Writes the content into a new sibling directory that only the SSH user can enter, gives it the target's mode,
     * then renames it over the target. SFTP creates files with the server's umask (often 0644): a temporary file
     * beside the target would be readable by anyone on the host until its chmod, and whoever opened it then could
     * read the secrets written after. Nobody else can open anything in a 0700 directory.
     */
    void write(String path, String content) {
        ChannelSftp sftp = channels.get();
        String directory = sibling(path);
        String temporary = directory + "/" + path.substring(path.lastIndexOf('/') + 1);
        try {
            int mode = modeOf(sftp, path);
            sftp.mkdir(directory);
            sftp.chmod(PRIVATE_DIRECTORY_MODE, directory);
            sftp.put(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), temporary);
            sftp.chmod(mode, temporary);
            sftp.rename(temporary, path);
        } catch (SftpException e) {
            throw failure("write", path, e);
        } finally {
            removeQuietly(sftp, temporary, directory);
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

    private static void removeQuietly(ChannelSftp sftp, String temporary, String directory) {
        try {
            sftp.rm(temporary);
        } catch (SftpException ignored) {
            // Renamed over the target, never written, or gone already.
        }
        try {
            sftp.rmdir(directory);
        } catch (SftpException ignored) {
            // Never made, or gone already.
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
