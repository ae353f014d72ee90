package dev.transitsidecar.http;

import io.vertx.core.json.JsonObject;

/**
 * One section of {@code GET /sidecar/v1/status} (for example {@code auth}, {@code cache}, {@code keystore}).
 * Reads state kept current elsewhere; never blocks and never returns a secret.
 */
public interface StatusContributor {
  /** The section's key in the status document. */
  String section();

  /** The section's content, built fresh on each call. */
  JsonObject status();
}
