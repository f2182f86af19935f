package dev.ferry.cli;

import picocli.CommandLine;

/** Constructor wiring for commands: every command gets the console it must print to. */
final class CommandFactory implements CommandLine.IFactory {
    private final Console console;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(Console console) {
        this.console = console;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            return type.getDeclaredConstructor(Console.class).newInstance(console);
        } catch (NoSuchMethodException noConsole) {
            return fallback.create(type);
        }
    }
}
