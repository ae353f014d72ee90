package dev.transitsidecar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a test sends the standard output and error of a process it starts (the packaged jar, a CLI child, a script):
 * a new file under {@code <test logs>/children/}, so the build's leak check scans it like every other log.
 */
public final class ChildLogs {
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private ChildLogs() {}

  /** A fresh folder for a process that writes several logs (a script), named after {@code name}. */
  public static Path dir(String name) {
    try {
      return Files.createDirectories(TestLogTap.dir().resolve("children")
          .resolve(name + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh file named after {@code name} (a test and what the process is), unique in this run. */
  public static Path file(String name) {
    try {
      Path dir = Files.createDirectories(TestLogTap.dir().resolve("children"));
      return dir.resolve(name + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
