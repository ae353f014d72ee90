package dev.transitsidecar.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The injection webhook (docs/injection.md).
 *
 * @param port 1..65535
 * @param vaultAddress the Vault address given to injected sidecars
 * @param injectionRules pods injected as if annotated, for charts that cannot annotate their pods
 * @param shutdownGrace after SIGTERM, how long the webhook keeps accepting while {@code /readyz} answers 503
 */
public record WebhookConfig(int port, Path certFile, Path keyFile, String image, URI vaultAddress,
    boolean nativeSidecar, List<InjectionRule> injectionRules, Duration shutdownGrace) {
  /** After SIGTERM the webhook keeps accepting for 5 s by default ({@code webhook.shutdownGrace}). */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

  public WebhookConfig {
    injectionRules = List.copyOf(injectionRules);
  }

  /** With the default shutdown grace. */
  public WebhookConfig(int port, Path certFile, Path keyFile, String image, URI vaultAddress, boolean nativeSidecar,
      List<InjectionRule> injectionRules) {
    this(port, certFile, keyFile, image, vaultAddress, nativeSidecar, injectionRules, DEFAULT_SHUTDOWN_GRACE);
  }

  /** Without injection rules: only annotated pods get the sidecar. */
  public WebhookConfig(int port, Path certFile, Path keyFile, String image, URI vaultAddress, boolean nativeSidecar) {
    this(port, certFile, keyFile, image, vaultAddress, nativeSidecar, List.of());
  }
}
