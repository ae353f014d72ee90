package dev.transitsidecar.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** A command line run in-process, as a test sees it: exit code and what went to each stream. */
record CliRun(int code, String out, String err) {
  static CliRun of(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new Cli(env, new PrintWriter(out, true), new PrintWriter(err, true)), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
