package dev.ferry.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The move's work directory command, run by a real sh as the host runs it. */
class WorkDirectoryTest {
    @TempDir Path dir;

    @Test
    void makesANewPrivateDirectoryEachTimeAndRemovesOnlyTheLeftoversOfEarlierMoves() throws Exception {
        String prefix = dir.resolve("ferry-redash-move").toString();
        Path leftover = Files.createDirectories(Path.of(prefix + ".OldRun1234/dump"));
        Files.writeString(leftover.resolveSibling("pgpass"), "secret");
        Path unrelated = Files.createDirectories(Path.of(prefix + "-notes"));
        Path plainFile = Files.writeString(Path.of(prefix + ".txt"), "not a directory");

        String first = DataMove.createdWorkDirectory(prefix, sh(DataMove.workDirectoryCommand(prefix)));
        assertThat(Path.of(first)).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(first)))).isEqualTo("rwx------");
        assertThat(leftover.getParent()).doesNotExist();
        assertThat(unrelated).isDirectory();
        assertThat(plainFile).isRegularFile();

        String second = DataMove.createdWorkDirectory(prefix, sh(DataMove.workDirectoryCommand(prefix)));
        assertThat(second).isNotEqualTo(first);
        assertThat(Path.of(first)).doesNotExist();

        sh(DataMove.removeWorkDirectoriesCommand(prefix));
        assertThat(Path.of(second)).doesNotExist();
        assertThat(unrelated).isDirectory();
    }

    private static String sh(String command) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }
}
