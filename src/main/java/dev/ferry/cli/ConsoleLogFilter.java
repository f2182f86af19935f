package dev.ferry.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/** stderr shows ferry's own log lines from INFO and libraries' from WARN; the run log keeps everything. */
public final class ConsoleLogFilter extends Filter<ILoggingEvent> {
    @Override
    public FilterReply decide(ILoggingEvent event) {
        String name = event.getLoggerName();
        boolean ours = name.equals("ferry") || name.startsWith("dev.ferry.");
        return event.getLevel().isGreaterOrEqual(ours ? Level.INFO : Level.WARN) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
