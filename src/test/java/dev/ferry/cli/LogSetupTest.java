package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The product's stderr logging (the tests themselves log through logback-test.xml, which LogSetup yields to). */
class LogSetupTest {

    @Test
    void stderrShowsFerryFromInfoLibrariesFromWarnAndNoPassword() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            LogSetup.install(context);
            context.getLogger("dev.ferry.steps.MoveDatabase").debug("debug of ferry");
            context.getLogger("dev.ferry.steps.MoveDatabase").info("moving postgresql://app:hunter2pw@db/redash");
            context.getLogger("software.amazon.awssdk.request").info("info of a library");
            context.getLogger("software.amazon.awssdk.request").warn("warning of a library");
        } finally {
            context.stop();
            System.setErr(original);
        }
        String err = captured.toString(StandardCharsets.UTF_8);
        assertThat(context.getStatusManager().getCopyOfStatusList()).as("logback's own complaints")
                .noneMatch(status -> status.getLevel() >= ch.qos.logback.core.status.Status.WARN);
        assertThat(err).contains("INFO MoveDatabase - moving postgresql://app:****@db/redash")
                .contains("WARN request - warning of a library")
                .doesNotContain("debug of ferry").doesNotContain("info of a library").doesNotContain("hunter2pw");
    }

    @Test
    void theTestsOwnConfigurationWins() {
        assertThat(new LogSetup().configure(new LoggerContext()))
                .isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }
}
