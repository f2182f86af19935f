package dev.ferry.engine;

import dev.ferry.step.Progress;
import dev.ferry.step.Redacted;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's one channel to the operator. Not on a terminal, every line is {@code HH:MM:SS +elapsed message}, and
 * statuses at most once per {@link #interval()}. On a terminal, lines scroll above a single status line that is
 * rewritten in place (step/action, elapsed, latest status). Everything also goes to the run log at DEBUG.
 */
public final class ProgressSink implements Progress {
    private static final Logger LOG = LoggerFactory.getLogger("dev.ferry.run");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private final ProgressStyle style;
    private final Clock clock;
    private final Duration interval;
    private final Instant started;
    private String label = "";
    private String lastStatus = "";
    private Instant lastStatusLine = Instant.MIN;
    private boolean statusShown;
    /** On a terminal, redraws the status line every second so its elapsed time moves during a long, quiet action. */
    private ScheduledExecutorService ticker;

    public ProgressSink(PrintStream out, ProgressStyle style, Clock clock, Duration interval) {
        this.out = out;
        this.style = style;
        this.clock = clock;
        this.interval = interval;
        this.started = clock.instant();
    }

    /** Plain timestamped lines on {@code out}, statuses every 10 s. */
    public static ProgressSink lines(PrintStream out, Clock clock) {
        return new ProgressSink(out, ProgressStyle.plain(), clock, Duration.ofSeconds(10));
    }

    @Override
    public Duration interval() {
        return interval;
    }

    /** What runs now ({@code step} or {@code step/action}): prefixes progress and heads the status line. */
    public synchronized void enter(String stepOrAction) {
        label = stepOrAction == null ? "" : stepOrAction;
        lastStatus = "";
        redraw();
    }

    public synchronized String label() {
        return label;
    }

    /** A line of the run's own (step started, paused, done): printed as it is, after the time. */
    public synchronized void say(String message) {
        line(Redacted.urls(message));
    }

    /** Progress of the current action: {@code step/action: message}. */
    @Override
    public synchronized void report(String message) {
        line(labelled(Redacted.urls(message)));
    }

    @Override
    public synchronized void status(String message) {
        String safe = Redacted.urls(message);
        LOG.debug("{}", labelled(safe));
        lastStatus = safe;
        if (style.terminal()) {
            redraw();
        } else if (!clock.instant().isBefore(lastStatusLine.plus(interval))) {
            lastStatusLine = clock.instant();
            print(stamp() + " " + labelled(safe));
        }
    }

    /** Removes the status line (the end of a command). */
    public synchronized void finish() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        if (statusShown) {
            out.print("\r\033[K");
            out.flush();
            statusShown = false;
        }
    }

    public Duration elapsed() {
        return Duration.between(started, clock.instant());
    }

    private String labelled(String message) {
        return label.isEmpty() ? message : label + ": " + message.strip();
    }

    private void line(String message) {
        LOG.debug("{}", message);
        print(style.terminal() ? message : stamp() + " " + message);
    }

    private void print(String text) {
        if (style.terminal()) {
            out.print("\r\033[K");
        }
        out.println(style.text(text));
        statusShown = false;
        redraw();
    }

    private void redraw() {
        if (!style.terminal() || label.isEmpty()) {
            return;
        }
        out.print("\r\033[K" + style.statusLine(label, Progress.elapsed(elapsed()), lastStatus));
        out.flush();
        statusShown = true;
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ferry-status-line");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        }
    }

    private synchronized void tick() {
        if (statusShown) {
            redraw();
        }
    }

    private String stamp() {
        return TIME.format(clock.instant().atZone(clock.getZone())) + " +" + Progress.elapsed(elapsed());
    }
}
