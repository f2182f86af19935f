package dev.ferry.wiring;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * The rehearsal {@code ferry demo} runs. The sandbox implements it in its own source root ({@code src/sandbox/java})
 * and registers it for {@link ServiceLoader}, so no product class links a sandbox class: the product works, and its
 * dependency rule holds, with the sandbox absent.
 */
public interface Rehearsals {

    /** Rehearses the flagship plan end to end; {@code progress} gets the live lines, the result the report. */
    Result rehearse(PrintStream progress) throws Exception;

    /** What the rehearsal measured, rendered for each output the command offers. */
    interface Result {
        boolean invariantsHold();

        void print(PrintStream out);

        /** The report as a JSON document. */
        String json() throws Exception;

        /** Writes the rehearsal's timeline as one self-contained HTML page. */
        void writeReport(Path file) throws IOException;
    }

    /** The sandbox's rehearsal, if this build carries the sandbox. */
    static java.util.Optional<Rehearsals> installed() {
        return ServiceLoader.load(Rehearsals.class, Rehearsals.class.getClassLoader()).findFirst();
    }
}
