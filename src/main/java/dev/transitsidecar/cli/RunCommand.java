package dev.transitsidecar.cli;

import dev.transitsidecar.Sidecar;
import dev.transitsidecar.SidecarRuntime;
import java.time.Clock;
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
