package dev.transitsidecar.cli;

import dev.transitsidecar.Sidecar;
import dev.transitsidecar.SidecarRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code run}: the sidecar itself, until SIGTERM. */
@Command(name = "run", description = "Run the sidecar (loopback API, token keeper, cache).")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
  private final Cli cli;

  @Mixin
  ConfigOption config;

  RunCommand(Cli cli) {
    this.cli = cli;
  }

  RunCommand(Cli cli, ConfigOption config) {
    this.cli = cli;
    this.config = config;
  }

  /**
   * The configuration option of a plain {@code run} command line ({@code run}, {@code run --config FILE} or
   * {@code run --config=FILE}, with a file name that does not start with {@code -}), or empty for any other command
   * line, which picocli parses ({@link Main#runDirectly}).
   */
  static Optional<ConfigOption> plain(String... args) {
    if (args.length == 0 || !"run".equals(args[0]) || args.length > 3) {
      return Optional.empty();
    }
    String file = switch (args.length) {
      case 1 -> null;
      case 2 -> args[1].startsWith("--config=") ? args[1].substring("--config=".length()) : "";
      default -> "--config".equals(args[1]) ? args[2] : "";
    };
    if (file != null && (file.isEmpty() || file.startsWith("-"))) {
      return Optional.empty();
    }
    ConfigOption option = new ConfigOption();
    option.file = file == null ? null : Path.of(file);
    return Optional.of(option);
  }

  @Override
  public Integer call() {
    return config.serve(SidecarRuntime.create(), cli.env(), (runtime, sidecarConfig) -> {
      Sidecar sidecar = Sidecar.start(runtime.vertx(), sidecarConfig, runtime.registry(), cli.env(), Clock.systemUTC())
          .await();
      LOG.info("transit-sidecar listening on {}:{}, Vault at {}", sidecarConfig.listen().address(), sidecar.port(),
          sidecarConfig.vault().address());
      return sidecar::stop;
    });
  }
}
