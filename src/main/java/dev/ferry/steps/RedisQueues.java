package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.HostCommands;
import dev.ferry.host.ShellWords;
import dev.ferry.step.ActionContext;
import dev.ferry.step.RemoteShell.RemoteCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How much work is left in the app's queues. Each configured queue is a Redis list key; for RQ keys
 * ({@code rq:queue:<name>}) the jobs being executed ({@code rq:wip:<name>}) count too, since a worker that loses
 * its Redis mid-job loses the job. A bare name ({@code queries}, as plans and Redash's {@code QUEUES} write them) is
 * RQ's queue of that name.
 */
final class RedisQueues {
    static final List<String> REDASH_QUEUES = List.of("rq:queue:default", "rq:queue:emails", "rq:queue:periodic",
            "rq:queue:queries", "rq:queue:scheduled_queries", "rq:queue:schemas");
    private static final String RQ_QUEUE = "rq:queue:";
    /** redis-cli splits the lines it reads at blanks and reads quotes and backslashes: a key must have none of them. */
    private static final Pattern KEY = Pattern.compile("[^\\s\\p{Cntrl}'\"\\\\]+");

    private final List<String> queues;

    /** A redis-cli command line and how it is shown ({@code shown} masks the AUTH token the command may hold). */
    record Cli(String command, String shown) {
        static Cli plain(String command) {
            return new Cli(command, command);
        }
    }

    RedisQueues(List<String> queues) {
        this.queues = queues.stream().map(RedisQueues::checked).map(q -> q.contains(":") ? q : RQ_QUEUE + q).toList();
    }

    private static String checked(String queue) {
        if (!KEY.matcher(queue).matches()) {
            throw Failures.input("queue name \"" + queue.replace("\n", "\\n") + "\" holds a blank, a quote, a backslash"
                    + " or a control character, which redis-cli would read as more than one key", "Fix repoint-redis.queues"
                    + " in the plan (RQ queue names are plain words like queries or rq:queue:queries)");
        }
        return queue;
    }

    /** The Redis commands, one per probed key, in order. */
    List<String> probes() {
        List<String> out = new ArrayList<>();
        for (String queue : queues) {
            out.add("LLEN " + queue);
            if (queue.startsWith(RQ_QUEUE)) {
                out.add("ZCARD rq:wip:" + queue.substring(RQ_QUEUE.length()));
            }
        }
        return out;
    }

    /** {@code printf '%s\n' PROBE... | <redisCli>}: one probe a line; redis-cli answers one integer per line. */
    String command(String redisCli) {
        return "printf " + ShellWords.quote("%s\\n") + " " + ShellWords.join(probes()) + " | " + redisCli;
    }

    /** Keys with work left, with their sizes; empty when drained. */
    Map<String, Long> busy(ActionContext ctx, Cli redisCli) {
        RemoteCommand probe = RemoteCommand.of(command(redisCli.command()), HostCommands.SHORT)
                .shownAs(command(redisCli.shown()));
        String out = HostCommands.require(ctx, probe, "Check that redis runs");
        String[] answers = out.isBlank() ? new String[0] : out.strip().split("\\R");
        List<String> probes = probes();
        if (answers.length != probes.size()) {
            throw Failures.step("redis-cli answered " + answers.length + " lines to " + probes.size() + " probes",
                    "Run `" + command(redisCli.shown()) + "` by hand to see why");
        }
        Map<String, Long> busy = new LinkedHashMap<>();
        for (int i = 0; i < answers.length; i++) {
            long size = Long.parseLong(answers[i].replaceAll("[^0-9-]", ""));
            if (size > 0) {
                busy.put(probes.get(i).substring(probes.get(i).indexOf(' ') + 1), size);
            }
        }
        return busy;
    }
}
