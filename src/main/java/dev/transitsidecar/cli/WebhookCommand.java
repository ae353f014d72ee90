package dev.transitsidecar.cli;

import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.WebhookConfig;
import dev.transitsidecar.inject.Webhook;
import dev.transitsidecar.time.VertxScheduler;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code webhook}: the mutating admission webhook that injects the sidecar, until SIGTERM. */
@Command(name = "webhook", description = "Run the mutating admission webhook that injects the sidecar (HTTPS).")
final class WebhookCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookCommand.class);
  private final Cli cli;

  @Mixin
  ConfigOption config;

  WebhookCommand(Cli cli) {
    this.cli = cli;
  }

  WebhookCommand(Cli cli, ConfigOption config) {
    this.cli = cli;
    this.config = config;
  }

  @Override
  public Integer call() {
    return config.serve(SidecarRuntime.withServerMetrics(), cli.env(), (runtime, loaded) -> {
      WebhookConfig webhookConfig = loaded.webhook();
      Webhook webhook = Webhook.start(runtime.vertx(), webhookConfig, runtime.registry(),
          VertxScheduler.of(runtime.vertx())).await();
      LOG.info("transit-sidecar webhook listening on HTTPS port {}, injecting {}", webhook.port(),
          webhookConfig.image());
      return webhook::stop;
    });
  }
}
