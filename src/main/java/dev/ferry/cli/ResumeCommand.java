package dev.ferry.cli;

import dev.ferry.wiring.Wiring;
import picocli.CommandLine.Command;

@Command(name = "resume", description = "Continue after a pause or a failure: re-checks the plan against state, then"
        + " runs from the first unfinished action.")
final class ResumeCommand extends RunCommand {
    ResumeCommand(Console console, Wiring wiring) {
        super(console, wiring);
    }

    @Override
    boolean resume() {
        return true;
    }
}
