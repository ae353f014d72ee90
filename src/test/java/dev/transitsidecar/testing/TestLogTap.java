package dev.transitsidecar.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.LifeCycle;
import java.nio.file.Path;

/**
 * Writes every log event of this JVM to {@code <test logs>/jvm-<pid>.log}, for the build's leak check
 * ({@code LogScan}). Declared in {@code logback-test.xml} as a context listener, so it is active in every test JVM
 * and in every child JVM started with the test class path; it survives a reconfiguration (the CLI's
 * {@code LogSetup} resets logback when a command applies {@code log.format}): after each reset it attaches itself to
 * the root logger again. The folder is {@link #dir()}.
 */
public final class TestLogTap extends ContextAwareBase implements LoggerContextListener, LifeCycle {
  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%kvp %mdc%n";
  private boolean started;

  /** {@code $TEST_LOGS_DIR} (set by the build for the forks and inherited by their children), else target/test-logs. */
  public static Path dir() {
    String env = System.getenv("TEST_LOGS_DIR");
    return Path.of(env != null && !env.isBlank() ? env : "target/test-logs");
  }

  @Override
  public void start() {
    attach((LoggerContext) getContext());
    started = true;
  }

  @Override
  public void stop() {
    started = false;
  }

  @Override
  public boolean isStarted() {
    return started;
  }

  @Override
  public boolean isResetResistant() {
    return true;
  }

  @Override
  public void onStart(LoggerContext context) {}

  /** A reset detached and stopped every appender: attach a new one (it appends to the same file). */
  @Override
  public void onReset(LoggerContext context) {
    attach(context);
  }

  @Override
  public void onStop(LoggerContext context) {}

  @Override
  public void onLevelChange(Logger logger, Level level) {}

  private void attach(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setContext(context);
    file.setName("TEST_LOG_TAP");
    file.setFile(dir().resolve("jvm-" + ProcessHandle.current().pid() + ".log").toString());
    file.setAppend(true);
    file.setEncoder(encoder);
    file.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(file);
  }
}
