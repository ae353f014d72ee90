package dev.transitsidecar.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the process (root logger) while attached, as the text a log line would carry, so
 * tests can assert that no secret reaches a log.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  /** Each event's level, logger and formatted message, its arguments and its throwable chain. */
  public synchronized List<String> lines() {
    return List.copyOf(appender.list).stream().map(LogCapture::line).toList();
  }

  /** The formatted messages (and throwables) of the events at {@code level}. */
  public synchronized List<String> lines(Level level) {
    return List.copyOf(appender.list).stream()
        .filter(e -> e.getLevel().equals(level))
        .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy()))
        .toList();
  }

  public boolean anyContains(String text) {
    return lines().stream().anyMatch(l -> l.contains(text));
  }

  private static String line(ILoggingEvent event) {
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
    return line.toString();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
