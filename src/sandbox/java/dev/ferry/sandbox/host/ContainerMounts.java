package dev.ferry.sandbox.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mounts docker gives a compose container: the service's bind mounts and volumes, plus an anonymous volume for
 * the image's own {@code VOLUME} (postgres images declare {@code /var/lib/postgresql/data}, redis {@code /data})
 * when nothing is mounted there.
 */
final class ContainerMounts {
    private ContainerMounts() {
    }

    static String imageVolume(ServiceImage image) {
        return switch (image.kind()) {
            case POSTGRES, PGAUTOUPGRADE -> "/var/lib/postgresql/data";
            case REDIS -> "/data";
            case APP -> null;
        };
    }

    /** {@code dataDir} is where the stand-in keeps the image volume's data (see {@code ComposeLifecycle}). */
    static List<ContainerRecord.MountPoint> of(ComposeContext project, ComposeFile.ComposeService service,
                                               ServiceImage image, String dataDir) {
        List<ContainerRecord.MountPoint> mounts = new ArrayList<>();
        for (ComposeFile.Mount m : service.mounts()) {
            if (m.bind()) {
                mounts.add(new ContainerRecord.MountPoint("bind", null, m.source(), m.target()));
            } else if (m.source() != null) {
                mounts.add(new ContainerRecord.MountPoint("volume", project.name() + "_" + m.source(),
                        project.namedVolume(m.source()).toString(), m.target()));
            }
        }
        String volume = imageVolume(image);
        boolean covered = mounts.stream().anyMatch(m -> m.source().equals(dataDir));
        if (volume != null && !covered && mounts.stream().noneMatch(m -> m.destination().equals(volume))) {
            Path data = Path.of(dataDir);
            mounts.add(new ContainerRecord.MountPoint("volume", data.getParent().getFileName().toString(), dataDir,
                    volume));
        }
        return mounts;
    }
}
