package dev.ferry.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * ferry's logging, set up in code (found by logback through ServiceLoader) rather than from an XML file: parsing
 * logback.xml loaded some 250 classes of XML parser and configuration model and cost every command, {@code ferry plan}
 * included, about a tenth of a second. stderr gets ferry's own lines from INFO and libraries' from WARN
 * ({@link ConsoleLogFilter}), redacted; {@link RunLog} adds the run log. A {@code logback.configurationFile} property
 * or a {@code logback-test.xml} on the class path (the tests) wins over this.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        install(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void install(LoggerContext context) {
        ConsoleLogFilter filter = new ConsoleLogFilter();
        filter.setContext(context);
        filter.start();
        RedactingEncoder encoder = new RedactingEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{0} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.addFilter(filter);
        stderr.setEncoder(encoder);
        stderr.start();
        context.getLogger("dev.ferry").setLevel(Level.DEBUG);
        context.getLogger("ferry").setLevel(Level.DEBUG);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
    }
}
