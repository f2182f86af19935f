package dev.ferry.sandbox.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ps}, {@code logs}, {@code config} and {@code port}: what compose reports without changing anything. */
final class ComposeStatus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ComposeContext project;
    private final PrintStream out;

    ComposeStatus(ComposeContext project, PrintStream out) {
        this.project = project;
        this.out = out;
    }

    int ps(Args args) {
        boolean all = args.flag("-a", "--all");
        boolean quiet = args.flag("-q", "--quiet");
        boolean servicesOnly = args.flag("--services");
        String format = args.option("--format");
        List<String> statuses = new ArrayList<>(args.options("--status"));
        String filter = args.option("--filter");
        List<String> named = args.positionals();
        if (filter != null) {
            statuses.add(statusFilter(filter));
        }
        statuses.forEach(ComposeStatus::requireStatus);
        named.forEach(project.file()::service);
        List<ContainerRecord> rows = project.state().containers().values().stream().map(ContainerRecord::refreshed)
                .filter(c -> named.isEmpty() || named.contains(c.service()))
                .filter(c -> all || !statuses.isEmpty() || c.running())
                .filter(c -> statuses.isEmpty() || statuses.contains(c.state()))
                .toList();
        if (quiet) {
            rows.forEach(c -> out.println(c.id()));
        } else if (servicesOnly) {
            // compose prints the services joined by newlines with Println: an empty line when there are none
            out.println(String.join("\n", rows.stream().map(ContainerRecord::service).distinct().toList()));
        } else if ("json".equals(format)) {
            for (ContainerRecord row : rows) {
                out.println(json(row));
            }
        } else {
            out.printf("%-28s %-40s %-12s %-20s %s%n", "NAME", "IMAGE", "SERVICE", "STATUS", "PORTS");
            rows.forEach(c -> out.printf("%-28s %-40s %-12s %-20s %s%n", c.name(), c.image(), c.service(), status(c),
                    ports(c)));
        }
        return 0;
    }

    /**
     * {@code port SERVICE PRIVATE_PORT}: the first binding of that container port as {@code address:port}; {@code :0}
     * for the service's own port exposed but not published (as compose v2 prints it); else compose's error.
     */
    int port(Args args) {
        String protocol = java.util.Objects.requireNonNullElse(args.option("--protocol"), "tcp");
        args.option("--index");
        List<String> named = args.positionals();
        if (named.size() != 2) {
            throw new ComposeError("\"docker compose port\" requires exactly 2 arguments.");
        }
        project.file().service(named.get(0));
        int wanted = Integer.parseInt(named.get(1));
        ContainerRecord c = project.state().containers().values().stream().map(ContainerRecord::refreshed)
                .filter(r -> r.service().equals(named.get(0)) && r.running()).findFirst()
                .orElseThrow(() -> new ComposeError("no container found for " + named.get(0) + "-1"));
        var binding = c.published().stream().filter(p -> p.containerPort() == wanted && p.hostPort() > 0
                && "tcp".equals(protocol)).findFirst();
        if (binding.isPresent()) {
            out.println(binding.get().hostIp() + ":" + binding.get().hostPort());
        } else if (wanted == ownPort(c) && "tcp".equals(protocol)) {
            out.println(":0");
        } else {
            throw new ComposeError("no port " + wanted + "/" + protocol + " for container " + c.name() + ": "
                    + String.join(", ", c.published().stream().map(p -> p.hostPort() + "/tcp").toList()));
        }
        return 0;
    }

    /** The port the image listens on in a real container (its EXPOSE). */
    private static int ownPort(ContainerRecord c) {
        ServiceImage image = ServiceImage.of(c.image());
        return image.postgres() ? 5432 : image.kind() == ServiceImage.Kind.REDIS ? 6379 : -1;
    }

    /** {@code --filter KEY=VAL}: compose v2 knows {@code status} only. */
    private static String statusFilter(String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            throw new ComposeError("arguments to --filter should be in form KEY=VAL");
        }
        if (!filter.substring(0, eq).equals("status")) {
            throw new ComposeError("unknown filter " + filter.substring(0, eq));
        }
        return filter.substring(eq + 1);
    }

    private static void requireStatus(String status) {
        if (!List.of("paused", "restarting", "removing", "running", "dead", "created", "exited").contains(status)) {
            throw new ComposeError("invalid status: " + status);
        }
    }

    int logs(Args args) {
        args.flag("--no-color", "--no-log-prefix", "-t", "--timestamps");
        args.option("--tail", "--since", "--until");
        if (args.flag("-f", "--follow")) {
            throw new ComposeError("the sandbox's docker stand-in cannot follow logs");
        }
        List<String> named = args.positionals();
        named.forEach(project.file()::service);
        for (ContainerRecord c : project.state().containers().values()) {
            Path log = Containers.log(c);
            if ((named.isEmpty() || named.contains(c.service())) && Files.exists(log)) {
                try {
                    Files.readAllLines(log).forEach(line -> out.println(c.service() + "-1  | " + line));
                } catch (IOException e) {
                    throw new ComposeError("cannot read the log of " + c.name());
                }
            }
        }
        return 0;
    }

    int config(Args args) {
        if (!args.flag("--services")) {
            throw new ComposeError("the sandbox's docker stand-in supports only `config --services`");
        }
        args.positionals();
        project.file().services().keySet().forEach(out::println);
        return 0;
    }

    /** One line of {@code ps --format json} as compose v2.21+ prints it (one object per line). */
    private String json(ContainerRecord c) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Command", "\"docker-entrypoint.s…\"");
        row.put("CreatedAt", Instant.ofEpochMilli(c.createdAt()).toString());
        row.put("ExitCode", c.exitCode());
        row.put("Health", health(c));
        row.put("ID", c.id());
        row.put("Image", c.image());
        row.put("Labels", "com.docker.compose.project=" + project.name() + ",com.docker.compose.service=" + c.service());
        row.put("Name", c.name());
        row.put("Names", c.name());
        row.put("Project", project.name());
        row.put("Ports", ports(c));
        row.put("Publishers", c.published().stream().map(p -> Map.of("URL", "0.0.0.0", "TargetPort", p.containerPort(),
                "PublishedPort", p.hostPort(), "Protocol", "tcp")).toList());
        row.put("RunningFor", ago(c.createdAt()) + " ago");
        row.put("Service", c.service());
        row.put("State", c.state());
        row.put("Status", status(c));
        try {
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String health(ContainerRecord c) {
        boolean checked = project.file().services().containsKey(c.service())
                && project.file().service(c.service()).healthcheck();
        return checked && c.running() ? "healthy" : "";
    }

    private String status(ContainerRecord c) {
        if (c.running()) {
            String health = health(c);
            return "Up " + ago(c.startedAt()) + (health.isEmpty() ? "" : " (" + health + ")");
        }
        return "Exited (" + c.exitCode() + ") " + ago(c.finishedAt()) + " ago";
    }

    private static String ports(ContainerRecord c) {
        return String.join(", ", c.published().stream()
                .map(p -> p.hostIp() + ":" + p.hostPort() + "->" + p.containerPort() + "/tcp").toList());
    }

    private static String ago(long epochMillis) {
        long seconds = Duration.between(Instant.ofEpochMilli(epochMillis), Instant.now()).toSeconds();
        if (seconds < 60) {
            return Math.max(seconds, 1) + " second" + (seconds > 1 ? "s" : "");
        }
        return seconds < 3600 ? seconds / 60 + " minutes" : seconds / 3600 + " hours";
    }
}
