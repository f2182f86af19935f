package dev.ferry.cli;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command answers --help and -h with its usage and exit 0, even without the arguments it requires. */
class HelpEverywhereTest {

    static List<String> commands() {
        return List.of("validate", "plan", "run", "resume", "status", "rollback", "log", "unlock", "state",
                "state push", "state pull", "runbook", "doctor", "demo", "completion");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void answersHelp(String command) {
        for (String flag : List.of("--help", "-h")) {
            String[] args = (command + " " + flag).split(" ");
            Result result = ferry(Wiring.real(), args);
            assertThat(result.code()).as(command + " " + flag + ": " + result.err()).isZero();
            assertThat(result.out()).startsWith("Usage: ferry " + command).contains("Exit codes:")
                    .contains("STEP_FAILED");
            assertThat(result.err()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void answersVersion(String command) {
        Result result = ferry(Wiring.real(), (command + " --version").split(" "));
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("ferry ");
    }
}
