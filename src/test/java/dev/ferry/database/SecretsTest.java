package dev.ferry.database;

import dev.ferry.step.SourceInventory;
import static org.assertj.core.api.Assertions.assertThat;
import dev.ferry.step.DatabasePorts.CopyBackPlan;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.database.LocalExecution.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plants passwords and checks that no command, display string, output line, log line or exception message carries them. */
class SecretsTest {
    private static final List<String> PASSWORDS = List.of(TestServers.APP_PASSWORD, TestServers.SOURCE_PASSWORD);
    private final PostgresSnapshots snapshots = new PostgresSnapshots();

    @Test
    void noPasswordInAnyCommandOrDisplayStringOnlyInThePasswordFile() {
        ConnectionSpec source = TestServers.sharedSource(12);
        ConnectionSpec target = TestServers.targetDatabase();
        SourceInventory inventory = snapshots.inventory(source);
        for (MoveMethod method : MoveMethod.values()) {
            Pipeline p = DataMove.pipeline(source, target, inventory, MoveOptions.defaults("/tmp/ferry-secrets").with(method));
            assertClean(p.command(), p.workDirectory(), p.display(), p.toString(), p.passFile().toString());
            assertThat(p.passFile().content()).contains(TestServers.SOURCE_PASSWORD)
                    .contains(TestServers.APP_PASSWORD.replace("\\", "\\\\").replace(":", "\\:"));
        }
        assertClean(source.toString(), target.toString(), Libpq.conninfo(target), Libpq.uri(target));
    }

    @Test
    void thePasswordFileIsPrivateWhileTheMoveRunsAndIsReallyUsed() {
        ConnectionSpec source = TestServers.sharedSource(15);
        ConnectionSpec target = TestServers.targetDatabase();
        ClientTools probing = new ClientTools("stat -c 'ferry-test: mode %a' \"$W\" \"$PGPASSFILE\" >&2; pg_dump", "pg_restore", "psql");
        List<String> lines = new ArrayList<>();
        Pipeline pipeline = DataMove.pipeline(source, target, snapshots.inventory(source),
                MoveOptions.defaults(TestServers.workDirectory("secret").toString()).withTools(probing));

        Outcome outcome = LocalExecution.run(pipeline, lines::add);

        assertThat(outcome.ok()).isTrue();
        assertThat(lines).contains("ferry-test: mode 700", "ferry-test: mode 600");
        assertClean(lines.toArray(String[]::new));

        ConnectionSpec noPassword = new ConnectionSpec(target.host(), target.port(), target.database(), target.user(), null);
        Outcome refused = LocalExecution.run(DataMove.pipeline(source, noPassword, snapshots.inventory(source),
                MoveOptions.defaults(TestServers.workDirectory("nopw").toString())), line -> { });
        assertThat(refused.ok()).isFalse();
        assertThat(String.join("\n", refused.tail())).contains("password");
    }

    @Test
    void failuresLogsAndMessagesNeverCarryThePassword() {
        ConnectionSpec source = TestServers.sharedSource(15);
        ConnectionSpec target = TestServers.targetDatabase();
        ConnectionSpec missing = target.withDatabase("no_such_database");
        ConnectionSpec wrongPassword = new ConnectionSpec(target.host(), target.port(), target.database(), target.user(),
                "Wrong-Pl4nted-pw");
        PrintStream err = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        List<String> messages = new ArrayList<>();
        try {
            Outcome failed = LocalExecution.run(DataMove.pipeline(source, missing, snapshots.inventory(source),
                    MoveOptions.defaults(TestServers.workDirectory("fail").toString())), messages::add);
            assertThat(failed.ok()).isFalse();
            for (ConnectionSpec bad : List.of(missing, wrongPassword)) {
                assertThatThrownBy(() -> snapshots.snapshot(bad)).isInstanceOfSatisfying(FerryException.class,
                        e -> messages.add(e.getMessage() + " / " + e.getCause()));
            }
            assertThatThrownBy(() -> new ReverseCopy().copyBack(new CopyBackPlan(List.of("public.t"), List.of(),
                    List.of("table public.t exists on the target only"), null), target, source))
                    .isInstanceOfSatisfying(FerryException.class, e -> messages.add(e.getMessage()));
            snapshots.snapshot(target);
        } finally {
            System.setErr(err);
        }
        assertThat(messages).anyMatch(m -> m.contains("password authentication failed"));
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("snapshot of postgresql://ferry_app:****@");
        assertClean(messages.toArray(String[]::new));
        assertClean(logs.toString(StandardCharsets.UTF_8));
        assertThat(String.join("\n", messages)).doesNotContain("Wrong-Pl4nted-pw");
    }

    private static void assertClean(String... texts) {
        for (String text : texts) {
            for (String password : PASSWORDS) {
                assertThat(text).doesNotContain(password).doesNotContain("Pl4nted");
            }
        }
    }
}
