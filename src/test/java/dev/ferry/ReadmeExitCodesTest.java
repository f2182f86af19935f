package dev.ferry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README's exit-code table lists exactly {@link ErrorCode}, in order, with the same meanings. */
class ReadmeExitCodesTest {

    @Test
    void readmeListsEveryErrorCodeAsTheCodeDoes() throws Exception {
        List<String> table = Files.readAllLines(Path.of("README.md")).stream()
                .dropWhile(line -> !line.equals("### Exit codes"))
                .filter(line -> line.matches("\\| \\d+ \\|.*"))
                .toList();
        List<String> expected = Arrays.stream(ErrorCode.values())
                .map(c -> "| " + c.exitCode() + " | " + c.name() + " | " + c.meaning() + " |")
                .toList();
        assertThat(table).isEqualTo(expected);
    }
}
