package dev.webhookhub.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Captures everything the hub logs while it is open, for tests that check what is never logged. */
public final class LogCapture implements AutoCloseable {

  private final StringWriter written = new StringWriter();
  private final Appender appender;

  private LogCapture() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender =
        WriterAppender.newBuilder()
            .setName("capture-" + System.nanoTime())
            .setTarget(written)
            .setLayout(
                PatternLayout.newBuilder().withPattern("%level %c - %msg %throwable%n").build())
            .build();
    appender.start();
    LoggerConfig root = config.getRootLogger();
    root.addAppender(appender, null, null);
    config.getLoggers().values().forEach(l -> l.addAppender(appender, null, null));
    context.updateLoggers();
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  public String text() {
    return written.toString();
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    config.getRootLogger().removeAppender(appender.getName());
    config.getLoggers().values().forEach(l -> l.removeAppender(appender.getName()));
    context.updateLoggers();
    appender.stop();
  }
}
