package dev.ferry.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The run log: {@code ferry.log} in the plan's local state directory, DEBUG for ferry and INFO for libraries, with
 * secrets masked ({@link RedactingEncoder}), rotated at {@value #MAX_SIZE} into {@code ferry.log.1} ..
 * {@code ferry.log.4}. Attached for the length of one command.
 */
final class RunLog implements AutoCloseable {
    static final String FILE = "ferry.log";
    static final String MAX_SIZE = "5MB";
    static final int KEPT = 5;
    static final long CHECK_MILLIS = 200;
    private final RollingFileAppender<ILoggingEvent> appender;

    private RunLog(RollingFileAppender<ILoggingEvent> appender) {
        this.appender = appender;
    }

    static RunLog none() {
        return new RunLog(null);
    }

    /** Starts writing {@code directory/ferry.log}; a logging setup other than logback's keeps its own and gets none. */
    static RunLog open(Path directory, List<String> alsoMask) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new RunLog(null);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            LoggerFactory.getLogger(RunLog.class).warn("no run log: cannot create {}: {}", directory, e.getMessage());
            return new RunLog(null);
        }
        String file = directory.resolve(FILE).toString();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("run-log-" + file);
        appender.setFile(file);
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(KEPT - 1);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf(MAX_SIZE));
        // logback looks at the size at most once a minute by default; a run may log 5 MB faster than that
        trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(CHECK_MILLIS));
        trigger.start();
        RedactingEncoder encoder = new RedactingEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{30} - %msg%n");
        encoder.alsoMask(alsoMask);
        encoder.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return new RunLog(appender);
    }

    @Override
    public void close() {
        if (appender != null) {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
            appender.stop();
        }
    }
}
