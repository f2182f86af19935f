package dev.ferry.steps;

import dev.ferry.host.DiskSpace;
import java.util.Optional;

/**
 * Whether upgrade-local-postgres's backups fit, in bytes: pgautoupgrade needs the data's size again next to the data
 * directory, the dump about 1.1 times the data in the backup dir, and a copy of the data dir as much again. The step
 * enforces it before anything stops; {@code ferry doctor} reports it ahead of the window.
 */
public record BackupDiskCheck(long used, long freeNextToData, long freeForBackups) {

    public long dumpBytes() {
        return used + used / 10;
    }

    /** Room for the dump and a copy of the data directory too. */
    public boolean copyFits() {
        return freeForBackups >= 2 * dumpBytes();
    }

    /** What does not fit, first the data directory's disk, then the backup dir; empty when the dump fits. */
    public Optional<Shortfall> shortfall(String dataDir, String backupDir) {
        if (freeNextToData < used) {
            return Optional.of(new Shortfall("only " + DiskSpace.human(freeNextToData) + " free next to the data"
                    + " directory " + dataDir + " for pgautoupgrade, about " + DiskSpace.human(used) + " needed",
                    "Free space on the disk holding " + dataDir));
        }
        if (freeForBackups < dumpBytes()) {
            return Optional.of(new Shortfall("only " + DiskSpace.human(freeForBackups) + " free in " + backupDir
                    + " for the dump, about " + DiskSpace.human(dumpBytes()) + " needed", "Free space in " + backupDir
                    + " or set upgrade-local-postgres.backupDir to a bigger disk"));
        }
        return Optional.empty();
    }

    public record Shortfall(String fact, String remedy) {
    }
}
