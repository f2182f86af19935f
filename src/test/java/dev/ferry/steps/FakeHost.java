package dev.ferry.steps;

import dev.ferry.step.PortForward;
import dev.ferry.step.RemoteShell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** An in-memory host: files in a map; understands {@code cp -p -- a b} and {@code docker compose version}. */
final class FakeHost implements RemoteShell {
    final Map<String, String> files = new HashMap<>();
    final List<String> commands = new ArrayList<>();

    @Override
    public CommandResult run(RemoteCommand command, Consumer<String> lines) {
        commands.add(command.command());
        String[] words = command.command().split(" ");
        if (command.command().startsWith("cp -p -- ")) {
            files.put(words[4], files.get(words[3]));
            return new CommandResult(0, "", "");
        }
        if (command.command().equals("docker compose version")) {
            return new CommandResult(0, "Docker Compose version v2.29.1", "");
        }
        return new CommandResult(127, "", "unknown command in fake host");
    }

    @Override
    public String readFile(String path) {
        String text = files.get(path);
        if (text == null) {
            throw new IllegalStateException("no such file " + path);
        }
        return text;
    }

    @Override
    public void writeFile(String path, String content) {
        files.put(path, content);
    }

    @Override
    public boolean exists(String path) {
        return files.containsKey(path);
    }

    @Override
    public PortForward forwardLocalPort(String remoteHost, int remotePort) {
        throw new UnsupportedOperationException("the in-memory host has no network to forward to");
    }

    @Override
    public void close() {
    }
}
