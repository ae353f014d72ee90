package dev.transitsidecar.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code check-config}: validates the configuration and prints every problem at once. */
@Command(name = "check-config", description = "Validate the configuration; print every problem; exit 0 or 2.")
final class CheckConfigCommand implements Callable<Integer> {
  private final Cli cli;

  @Mixin
  ConfigOption config;

  CheckConfigCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    return config.run(cli.env(), (vertx, loaded) -> {
      cli.out().println("configuration ok");
      return 0;
    });
  }
}
