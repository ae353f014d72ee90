package dev.transitsidecar.proxy;

import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.cache.DecryptCache;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.derive.DerivedKeys;
import dev.transitsidecar.http.StatusContributor;
import dev.transitsidecar.vault.VaultToken;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What the full loopback API needs from the rest of the process.
 *
 * @param config the whole configuration ({@code listen}, {@code transit}, {@code auth.kubernetes.mountPath})
 * @param session Vault with the sidecar's own token; the only way a request leaves
 * @param readiness what {@code /readyz} and {@code sys/health} report
 * @param registry where the metrics go and what {@code /metrics} renders
 * @param status the sections of {@code GET /sidecar/v1/status}, besides the proxy's own
 * @param clientToken the content of {@code listen.clientTokenFile} (see {@link ClientTokenFile}), or empty
 * @param clock for the synthetic token's TTL and {@code sys/health}'s server time
 * @param decryptCache answers repeat decrypts from locked memory (its status section is in {@code status})
 * @param derivedKeys {@code POST /sidecar/v1/derive}; empty when no keystore is configured (the route answers 404)
 */
public record LoopbackServices(
    SidecarConfig config,
    VaultSession session,
    Readiness readiness,
    PrometheusMeterRegistry registry,
    List<StatusContributor> status,
    Optional<VaultToken> clientToken,
    Clock clock,
    DecryptCache decryptCache,
    Optional<DerivedKeys> derivedKeys) {
  public LoopbackServices {
    status = List.copyOf(status);
  }

  /** Without derived keys. */
  public LoopbackServices(SidecarConfig config, VaultSession session, Readiness readiness,
      PrometheusMeterRegistry registry, List<StatusContributor> status, Optional<VaultToken> clientToken, Clock clock,
      DecryptCache decryptCache) {
    this(config, session, readiness, registry, status, clientToken, clock, decryptCache, Optional.empty());
  }
}
