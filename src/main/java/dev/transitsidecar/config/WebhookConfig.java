package dev.transitsidecar.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The injection webhook (docs/injection.md).
 *
 * @param port 1..65535
 * @param vaultAddress the Vault address given to injected sidecars
 * @param injectionRules pods injected as if annotated, for charts that cannot annotate their pods
 */
public record WebhookConfig(int port, Path certFile, Path keyFile, String image, URI vaultAddress,
    boolean nativeSidecar, List<InjectionRule> injectionRules) {

  public WebhookConfig {
    injectionRules = List.copyOf(injectionRules);
  }

  /** Without injection rules: only annotated pods get the sidecar. */
  public WebhookConfig(int port, Path certFile, Path keyFile, String image, URI vaultAddress, boolean nativeSidecar) {
    this(port, certFile, keyFile, image, vaultAddress, nativeSidecar, List.of());
  }
}
