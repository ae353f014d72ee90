package dev.transitsidecar.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.transitsidecar.config.LogConfig;
import dev.transitsidecar.config.LogFormat;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.format} and {@code log.level}: one JSON object per line (the default, for log collectors)
 * or plain text, always on standard error so that standard output stays for what a command prints.
 */
final class LogSetup {
  /**
   * Micrometer's registry warns once when a gauge is registered again ("This Gauge has been already registered").
   * Vert.x Micrometer 5.0 registers its in-flight gauges again on every request and connection
   * ({@code vertx.http.client.active.requests} at the sidecar's second call to Vault, the server's in the webhook);
   * Micrometer keeps the first registration, which is the one Vert.x updates, so nothing is lost and the warning
   * only alarms whoever reads a clean start. This registry logs nothing else below ERROR.
   */
  static final String DOUBLE_REGISTRATION_LOGGER = "io.micrometer.core.instrument.MeterRegistry";

  private LogSetup() {}

  static void apply(LogConfig config) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setTarget("System.err");
    appender.setEncoder(encoder(context, config.format()));
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    root.setLevel(Level.toLevel(config.level(), Level.INFO));
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger(DOUBLE_REGISTRATION_LOGGER).setLevel(Level.ERROR);
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
    if (format == LogFormat.JSON) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithFormattedMessage(true);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(BootstrapLogging.PATTERN);
    text.start();
    return text;
  }
}
