package dev.transitsidecar.devvault;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Map;

/**
 * {@code sys/health} and {@code sys/seal-status} (docs/vault-api.md section 3.7), unauthenticated and answered even when
 * sealed. The engine is always initialized, active and never a standby, so only {@code activecode} and
 * {@code sealedcode} can take effect; every documented code parameter is still validated (bad value: 400).
 */
final class Health {
  static final String VERSION = "1.21.0+devvault";
  private static final String CLUSTER_NAME = "vault-cluster-devvault";
  private static final Map<String, Integer> CODES = Map.of(
      "activecode", 200, "standbycode", 429, "drsecondarycode", 472, "performancestandbycode", 473,
      "haunhealthycode", 474, "sealedcode", 503, "uninitcode", 501, "removedcode", 530);

  /** Status and body of a health answer. */
  record Answer(int status, JsonObject body) {}

  private final Clock clock;
  private final String clusterId;

  Health(Clock clock, String clusterId) {
    this.clock = clock;
    this.clusterId = clusterId;
  }

  /** Throws {@link VaultError} 400 (no message, as Vault) for an unparsable code or flag. */
  Answer health(boolean sealed, MultiMap query) {
    for (String flag : new String[] {"standbyok", "perfstandbyok"}) {
      String v = query.get(flag);
      if (v != null && !v.isEmpty() && !v.matches("(?i)1|t|true|0|f|false")) {
        throw new VaultError(400);
      }
    }
    int status = sealed ? code(query, "sealedcode") : code(query, "activecode");
    return new Answer(status, body(sealed));
  }

  private static int code(MultiMap query, String name) {
    for (String param : CODES.keySet()) {
      String v = query.get(param);
      if (v != null && !v.matches("-?\\d{1,9}")) {
        throw new VaultError(400);
      }
    }
    String v = query.get(name);
    return v == null ? CODES.get(name) : Integer.parseInt(v);
  }

  private JsonObject body(boolean sealed) {
    JsonObject body = new JsonObject()
        .put("initialized", true)
        .put("sealed", sealed)
        .put("standby", sealed)
        .put("performance_standby", false)
        .put("replication_performance_mode", "disabled")
        .put("replication_dr_mode", "disabled")
        .put("server_time_utc", clock.instant().getEpochSecond())
        .put("version", VERSION)
        .put("enterprise", false)
        .put("echo_duration_ms", 0)
        .put("clock_skew_ms", 0)
        .put("replication_primary_canary_age_ms", 0)
        .put("removed_from_cluster", false);
    if (!sealed) {
      body.put("cluster_name", CLUSTER_NAME).put("cluster_id", clusterId);
    }
    return body;
  }

  JsonObject sealStatus(boolean sealed) {
    JsonObject body = new JsonObject()
        .put("type", "shamir")
        .put("initialized", true)
        .put("sealed", sealed)
        .put("t", 1)
        .put("n", 1)
        .put("progress", 0)
        .put("nonce", "")
        .put("version", VERSION)
        .put("build_date", "2025-10-21T00:00:00Z")
        .put("migration", false)
        .put("recovery_seal", false)
        .put("storage_type", "inmem")
        .put("removed_from_cluster", false);
    if (!sealed) {
      body.put("cluster_name", CLUSTER_NAME).put("cluster_id", clusterId);
    }
    return body;
  }
}
