package dev.ferry.plan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each file under plans/invalid is one malformed plan. Its header lists what the loader must report, one line per
 * problem, in reading order: {@code # expect: LINE:COLUMN: message fragment}. A fixture reports exactly those problems.
 */
class InvalidPlansTest {
    private static final Path DIR = Path.of("src/test/resources/plans/invalid");
    /** Secret values written in fixtures; no message may ever echo them. */
    private static final List<String> SECRET_VALUES = List.of("hunter2", "s3cr3t-value");

    record Expectation(int line, int column, String fragment) {
    }

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void reportsExactlyTheExpectedProblems(Path fixture) throws IOException {
        List<Expectation> expected = expectations(fixture);
        assertThat(expected).as("fixture has # expect: lines").isNotEmpty();

        PlanInvalidException e = catchThrowableOfType(
                () -> new PlanLoader(Map.of()).load(fixture), PlanInvalidException.class);

        assertThat(e).as("loading %s must fail", fixture).isNotNull();
        assertThat(e.problems()).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Problem actual = e.problems().get(i);
            Expectation want = expected.get(i);
            assertThat(actual.file()).isEqualTo(fixture);
            assertThat(actual.line() + ":" + actual.column()).isEqualTo(want.line() + ":" + want.column());
            assertThat(actual.message()).contains(want.fragment());
        }
        assertThat(e.getMessage()).doesNotContain(SECRET_VALUES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void renderedProblemsStartWithFileLineAndColumn(Path fixture) {
        PlanInvalidException e = catchThrowableOfType(
                () -> new PlanLoader(Map.of()).load(fixture), PlanInvalidException.class);

        Problem first = e.problems().get(0);
        assertThat(e.getMessage()).startsWith(fixture + ":" + first.line() + ":" + first.column() + ": ");
        assertThat(e.getMessage().lines().reduce((a, b) -> b).orElseThrow())
                .endsWith("fix the plan and run `ferry validate " + fixture + "` again");
    }

    private static List<Expectation> expectations(Path fixture) throws IOException {
        // headers are ASCII; non-utf8-byte.yaml is deliberately not UTF-8, so read bytes as Latin-1
        return Files.readAllLines(fixture, StandardCharsets.ISO_8859_1).stream()
                .filter(l -> l.startsWith("# expect: "))
                .map(l -> l.substring("# expect: ".length()))
                .map(l -> {
                    String[] parts = l.split(":", 3);
                    return new Expectation(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), parts[2].trim());
                })
                .toList();
    }
}
