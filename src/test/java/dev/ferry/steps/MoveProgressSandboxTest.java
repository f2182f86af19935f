package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.testing.SandboxWorlds;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data move reports while a table copies: a table of a few hundred MB on the compose postgres, moved to the
 * sandbox's RDS (a real PostgreSQL 16) by the CLI, with progress read from RDS's {@code pg_stat_progress_copy}.
 * Not a terminal, so the lines are timestamped; the reporting interval is shortened to 200 ms.
 */
class MoveProgressSandboxTest {
    private static final String PLAN = "sbx-progress";
    private static final Pattern COPYING = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d \\+\\d+[ms0-9]* move-database/copy-data:"
            + " copying public\\.big_payloads (\\d+) MB of ~(\\d+) MB, [0-9.kM]+ rows");
    private static SandboxWorlds worlds;

    @BeforeAll
    static void start() throws Exception {
        worlds = SandboxWorlds.start(PLAN, RedashSandbox.POSTGRES_IMAGE);
        worlds.plan(16, "  - id: provision\n  - id: move-database\n");
        ConnectionSpec local = worlds.local();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + local.host() + ":" + local.port() + "/"
                + local.database(), local.user(), local.password()); Statement st = c.createStatement()) {
            st.execute("create table public.big_payloads (id bigint primary key, payload text not null)");
            st.execute("insert into public.big_payloads select g, repeat(md5(g::text), 8) from generate_series(1, 1200000) g");
            st.execute("analyze public.big_payloads");
        }
    }

    @AfterAll
    static void stop() {
        if (worlds != null) {
            worlds.close();
        }
    }

    @Test
    void aBigTableReportsItsBytesAndRowsWhileItCopies() {
        Result moved = ferry(worlds.wiring().withProgressInterval(Duration.ofMillis(200)), "run", worlds.plan.toString(),
                "--yes");
        assertThat(moved.code()).as(moved.err()).isZero();
        List<String> copying = moved.err().lines().filter(l -> COPYING.matcher(l).find()).toList();
        assertThat(copying).as(moved.err()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(copying.stream().map(l -> {
            Matcher m = COPYING.matcher(l);
            m.find();
            return Long.parseLong(m.group(1));
        }).distinct().count()).as("bytes grow while the table copies").isGreaterThanOrEqualTo(2);
        assertThat(moved.out()).contains("move-database", "applied").contains("downtime:");
        assertThat(moved.err() + moved.out()).doesNotContain(worlds.redash.postgresPassword());
    }
}
