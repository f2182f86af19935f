package dev.ferry.cli;

import dev.ferry.wiring.Wiring;
import picocli.CommandLine;

/** Constructor wiring for commands: every command gets the console it must print to and the wiring it runs through. */
final class CommandFactory implements CommandLine.IFactory {
    private final Console console;
    private final Wiring wiring;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(Console console, Wiring wiring) {
        this.console = console;
        this.wiring = wiring;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            return type.getDeclaredConstructor(Console.class, Wiring.class).newInstance(console, wiring);
        } catch (NoSuchMethodException noWiring) {
            try {
                return type.getDeclaredConstructor(Console.class).newInstance(console);
            } catch (NoSuchMethodException noConsole) {
                return fallback.create(type);
            }
        }
    }
}
