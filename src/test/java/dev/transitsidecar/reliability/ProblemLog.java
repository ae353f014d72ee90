package dev.transitsidecar.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Keeps the WARN and ERROR events of the whole process while attached (the fuzzers send tens of thousands of
 * requests, so the INFO lines are not kept): an ERROR, a Vert.x "Unhandled exception" or any event carrying a
 * throwable means a handler let an exception escape.
 */
public final class ProblemLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final List<String> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private ProblemLog() {}

  public static ProblemLog attach() {
    ProblemLog log = new ProblemLog();
    log.setContext(log.root.getLoggerContext());
    log.start();
    log.root.addAppender(log);
    return log;
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
      return;
    }
    StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " "
        + event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
    boolean problem = event.getLevel().equals(Level.ERROR) || event.getThrowableProxy() != null
        || event.getFormattedMessage().contains("Unhandled exception");
    (problem ? problems : warnings).add(line.toString());
  }

  /** How many problems so far: pass it to {@link #problemsSince(int)} after an exchange. */
  public synchronized int mark() {
    return problems.size();
  }

  public synchronized List<String> problemsSince(int mark) {
    return List.copyOf(problems.subList(mark, problems.size()));
  }

  /** The WARN events without a throwable (expected ones, such as a refused request, may be among them). */
  public synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}
