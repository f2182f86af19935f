package dev.ferry.host;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.ActionContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * Edits files on the source host with a timestamped backup first. Records {@code <key>Backup} (the backup path) and
 * {@code <key>Sha256} (digest of what ferry wrote) so a rollback can tell whether anyone changed the file since.
 */
public final class HostFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private HostFiles() {
    }

    public static String stamp() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    }

    public static String backupPathPreview(String path) {
        return path + ".ferry-<timestamp>.bak";
    }

    /** Applies {@code edit}; does nothing (and takes no backup) when the file already has the edited content. */
    public static boolean edit(ActionContext ctx, String stepId, String key, String path, UnaryOperator<String> edit) {
        String current = ctx.host().readFile(path);
        String updated = edit.apply(current);
        if (updated.equals(current)) {
            ctx.progress(path + " already up to date");
            return false;
        }
        if (ctx.output(stepId, key + "Backup").isEmpty()) {
            String backup = path + ".ferry-" + stamp() + ".bak";
            HostCommands.require(ctx, "cp -p -- " + ShellWords.quote(path) + " " + ShellWords.quote(backup),
                    "Check free space and permissions in the directory of " + path);
            ctx.persist(key + "Backup", backup);
        }
        ctx.persist(key + "Sha256", sha256(updated));
        ctx.host().writeFile(path, updated);
        ctx.progress("edited " + path + " (backup " + ctx.output(stepId, key + "Backup").orElse("?") + ")");
        return true;
    }

    /**
     * Puts the backup back byte for byte when the file is still what ferry wrote. When someone changed it since,
     * {@code merge(current, backup)} computes a targeted revert; without one, it stops and says how to do it by hand.
     */
    public static void restore(ActionContext ctx, String stepId, String key, String path, BinaryOperator<String> merge) {
        Optional<String> backup = ctx.output(stepId, key + "Backup");
        if (backup.isEmpty()) {
            ctx.progress(path + " was not edited by " + stepId + "; nothing to restore");
            return;
        }
        String original = ctx.host().readFile(backup.get());
        String current = ctx.host().readFile(path);
        if (current.equals(original)) {
            ctx.progress(path + " already restored");
            return;
        }
        boolean untouched = ctx.output(stepId, key + "Sha256").map(sha -> sha.equals(sha256(current))).orElse(false);
        if (untouched) {
            HostCommands.require(ctx, "cp -p -- " + ShellWords.quote(backup.get()) + " " + ShellWords.quote(path),
                    "Restore it by hand: cp -p " + backup.get() + " " + path);
        } else if (merge != null) {
            ctx.progress(path + " changed since ferry edited it; reverting only ferry's change");
            ctx.host().writeFile(path, merge.apply(current, original));
        } else {
            throw FerryException.advised(ErrorCode.STEP_FAILED, path + " changed since ferry edited it, so restoring "
                    + backup.get() + " would undo someone else's change; nothing was restored. Compare them with"
                    + " `diff -u " + backup.get() + " " + path + "` and restore by hand, then run the rollback again");
        }
        ctx.progress("restored " + path + " from " + backup.get());
    }

    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
