package dev.transitsidecar.cli;

import io.vertx.core.Vertx;
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
    Vertx vertx = Vertx.vertx();
    try {
      config.load(vertx, cli.env());
      cli.out().println("configuration ok");
      return 0;
    } finally {
      vertx.close();
    }
  }
}
