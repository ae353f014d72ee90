package dev.transitsidecar.cli;

import dev.transitsidecar.config.InvalidConfigException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar transit-sidecar.jar COMMAND}. Exit codes: 0 ok, 1 runtime failure, 2 bad usage or invalid
 * configuration; every error is one line on standard error, never a stack trace for an expected condition.
 */
@Command(name = "transit-sidecar", mixinStandardHelpOptions = true, version = "transit-sidecar 0.1.0",
    description = "A sidecar that holds the Vault credential and serves a safe subset of Vault Transit on loopback.",
    subcommands = {RunCommand.class, DevCommand.class, WebhookCommand.class, CheckConfigCommand.class,
        PolicyCommand.class, KeystoreCommand.class, RotateCommand.class})
public final class Main implements Callable<Integer> {
  /** Returned by a command that keeps serving after its call returns (run, dev): main must not exit. */
  static final int KEEP_RUNNING = -1;

  private final Cli cli;

  Main(Cli cli) {
    this.cli = cli;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    Cli cli = new Cli(System.getenv(), out, err);
    int code = plainServer(cli, args).map(command -> runDirectly(cli, command)).orElseGet(() -> execute(cli, args));
    if (code != KEEP_RUNNING) {
      System.exit(code);
    }
  }

  /** Runs one command line in this process; used by {@link #main} and by tests. */
  static int execute(Cli cli, String... args) {
    CommandLine line = new CommandLine(new Main(cli), new CliFactory(cli));
    line.setOut(cli.out());
    line.setErr(cli.err());
    line.setExecutionExceptionHandler((e, cmd, parsed) -> report(cli, e));
    return line.execute(args);
  }

  /**
   * {@code run} and {@code webhook} as the image, the injected container and the chart start them ({@code COMMAND},
   * {@code COMMAND --config FILE}), to be run without picocli: building the command line's model reflects over every
   * command and its options, and loaded a fifth of the classes {@code run} needs (picocli's own, the other commands'
   * and what they refer to). Empty for any other command line, which goes through picocli.
   */
  static Optional<Callable<Integer>> plainServer(Cli cli, String... args) {
    return ConfigOption.plain("run", args).<Callable<Integer>>map(config -> new RunCommand(cli, config))
        .or(() -> ConfigOption.plain("webhook", args).map(config -> new WebhookCommand(cli, config)));
  }

  /** Runs a command from {@link #plainServer}; failures are reported as {@link #execute} reports them. */
  static int runDirectly(Cli cli, Callable<Integer> command) {
    try {
      return command.call();
    } catch (Exception e) {
      return report(cli, e);
    }
  }

  private static int report(Cli cli, Exception failure) {
    Throwable e = failure;
    while (e.getCause() != null && !(e instanceof InvalidConfigException)) {
      e = e.getCause();
    }
    if (e instanceof InvalidConfigException invalid) {
      invalid.problems().forEach(problem -> cli.err().println("config: " + problem));
      return Cli.USAGE;
    }
    cli.err().println("transit-sidecar: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    return Cli.FAILURE;
  }

  /** No command given: show the usage, which is a usage error. */
  @Override
  public Integer call() {
    cli.err().println("transit-sidecar: a command is required");
    new CommandLine(this, new CliFactory(cli)).usage(cli.err());
    return Cli.USAGE;
  }

  /** Gives every command the {@link Cli} it runs with. */
  private record CliFactory(Cli cli) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        return type.getDeclaredConstructor(Cli.class).newInstance(cli);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }
}
