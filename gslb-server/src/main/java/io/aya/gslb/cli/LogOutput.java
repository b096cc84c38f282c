package io.aya.gslb.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.aya.gslb.config.ServerConfig;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Switches the log output to the format the config asks for ({@code log-format}). logback.xml writes to
 * standard error through an appender named {@code text} or {@code json} ({@code AYA_LOG_FORMAT} picks which
 * at JVM start); when the config asks for the other format, this replaces it with a new appender of that
 * format, to standard error too. JSON is one object per line with logstash-logback-encoder's fields
 * ({@code @timestamp}, {@code level}, {@code logger_name}, {@code thread_name}, {@code message}, ...). Leaves
 * a logging setup without either appender alone (a custom {@code -Dlogback.configurationFile}).
 */
final class LogOutput {
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";

  private LogOutput() {}

  static void use(ServerConfig.LogFormat format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    String wanted = format == ServerConfig.LogFormat.JSON ? "json" : "text";
    String other = format == ServerConfig.LogFormat.JSON ? "text" : "json";
    Appender<ILoggingEvent> current = root.getAppender(other);
    if (current == null) {
      return; // already in the wanted format, or not our logging setup
    }
    Encoder<ILoggingEvent> encoder;
    if (format == ServerConfig.LogFormat.JSON) {
      encoder = new LogstashEncoder();
    } else {
      PatternLayoutEncoder e = new PatternLayoutEncoder();
      e.setPattern(PATTERN);
      encoder = e;
    }
    encoder.setContext(ctx);
    encoder.start();
    ConsoleAppender<ILoggingEvent> next = new ConsoleAppender<>();
    next.setName(wanted);
    next.setContext(ctx);
    next.setTarget("System.err");
    next.setEncoder(encoder);
    next.start();
    root.addAppender(next);
    root.detachAppender(current);
    current.stop();
  }
}
