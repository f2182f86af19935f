package dev.ferry.engine;

import dev.ferry.step.Effect;
import java.util.Locale;
import java.util.Set;

/**
 * What an effect does to the world, as the plan's summary counts it: AWS calls are creates, modifies or deletes by
 * their operation; reads and waits change nothing.
 */
public enum Change {
    CREATE("to create", "to create"),
    MODIFY("to modify", "to modify"),
    DELETE("to delete", "to delete"),
    REMOTE_COMMAND("remote command", "remote commands"),
    DNS("DNS change", "DNS changes"),
    FILE_EDIT("file edit", "file edits"),
    LOCAL_COMMAND("local command", "local commands"),
    NONE("check or wait", "checks and waits");

    private static final Set<String> CREATES = Set.of("Create", "Register", "Run", "Allocate", "Authorize", "Import",
            "Copy");
    private static final Set<String> DELETES = Set.of("Delete", "Deregister", "Revoke", "Terminate", "Remove",
            "Release", "Detach", "Disassociate");

    private final String one;
    private final String many;

    Change(String one, String many) {
        this.one = one;
        this.many = many;
    }

    /** {@code 3 to create}, {@code 1 remote command}. */
    public String count(int n) {
        return n + " " + (n == 1 ? one : many);
    }

    /** The lower-case name JSON uses. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Change of(Effect effect) {
        return switch (effect.kind()) {
            case AWS_CALL -> ofOperation(effect.call() == null ? effect.text() : effect.call().operation());
            case REMOTE_COMMAND -> REMOTE_COMMAND;
            case DNS_CHANGE -> DNS;
            case FILE_EDIT -> FILE_EDIT;
            case LOCAL_COMMAND -> LOCAL_COMMAND;
            case CHECK, WAIT -> NONE;
        };
    }

    /** {@code service:Operation...}: by the operation's leading verb; PutParameter creates, other Puts modify. */
    static Change ofOperation(String call) {
        int colon = call.indexOf(':');
        String operation = call.substring(colon + 1).split("[^A-Za-z]", 2)[0];
        String verb = operation.split("(?<=[a-z])(?=[A-Z])", 2)[0];
        if (CREATES.contains(verb) || operation.equals("PutParameter")) {
            return CREATE;
        }
        return DELETES.contains(verb) ? DELETE : MODIFY;
    }
}
