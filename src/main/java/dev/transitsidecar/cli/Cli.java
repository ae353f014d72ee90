package dev.transitsidecar.cli;

import java.io.PrintWriter;
import java.util.Map;

/**
 * What a command may touch of the outside world: the environment and the two output streams. Passed in so
 * that tests run commands in-process with their own environment and capture what they print.
 */
record Cli(Map<String, String> env, PrintWriter out, PrintWriter err) {
  /** Exit code: bad usage or invalid configuration. */
  static final int USAGE = 2;
  /** Exit code: a runtime failure. */
  static final int FAILURE = 1;
}
