package dev.transitsidecar.derive;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every log event of the process (root logger) while attached, as the text a log line would carry. */
final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  /** Each event's formatted message, its arguments and its throwable chain (class names and messages). */
  synchronized List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(appender.list)) {
      StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " "
          + event.getFormattedMessage());
      if (event.getArgumentArray() != null) {
        for (Object arg : event.getArgumentArray()) {
          line.append(" | ").append(arg);
        }
      }
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
      }
      lines.add(line.toString());
    }
    return lines;
  }

  boolean anyContains(String text) {
    return lines().stream().anyMatch(l -> l.contains(text));
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
