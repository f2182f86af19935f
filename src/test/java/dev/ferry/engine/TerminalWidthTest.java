package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TerminalWidthTest {

    @Test
    void columnsWinsAndIsNeverNarrowerThanForty() {
        assertThat(TerminalWidth.of(Map.of("COLUMNS", "132"), true, 100)).isEqualTo(132);
        assertThat(TerminalWidth.of(Map.of("COLUMNS", " 20 "), false, 100)).isEqualTo(40);
        assertThat(TerminalWidth.of(Map.of("COLUMNS", "wide"), false, 100)).isEqualTo(100);
    }

    @Test
    void withoutATerminalTheDefaultHolds() {
        assertThat(TerminalWidth.of(Map.of(), false, 100)).isEqualTo(100);
        // a test JVM has no console, so pretending to be a terminal does not ask stty about the developer's
        assertThat(TerminalWidth.of(Map.of(), true, 80)).isEqualTo(80);
    }

    @Test
    void sttySizeIsRowsThenColumns() {
        assertThat(TerminalWidth.parse("50 180\n")).isEqualTo(OptionalInt.of(180));
        assertThat(TerminalWidth.parse("0 0")).isEmpty();
        assertThat(TerminalWidth.parse("stty: /dev/tty: No such device")).isEmpty();
    }
}
