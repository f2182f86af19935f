package dev.ferry.cli;

import picocli.CommandLine.Command;

@Command(name = "resume", description = "Continue after a pause or a failure: re-checks the plan against state, then"
        + " runs from the first unfinished action.")
final class ResumeCommand extends RunCommand {
    ResumeCommand(Console console) {
        super(console);
    }

    @Override
    boolean resume() {
        return true;
    }
}
