package dev.transitsidecar.config;

import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, one line each, naming the key
 * (dotted path, plus the environment variable when the value came from one) and what is wrong.
 * It has no stack trace: it is an expected condition, reported as text (exit code 2).
 */
public final class InvalidConfigException extends RuntimeException {
  private final List<String> problems;

  public InvalidConfigException(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an InvalidConfigException needs at least one problem");
    }
    super(String.join("\n", problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  /** The problems, in a stable order: file, environment, values, then rules across keys. */
  public List<String> problems() {
    return problems;
  }
}
