package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Renders tokens the way Vault does: the {@code lookup} data (section 3.1) and the {@code auth} block (3.2, 3.4). */
final class TokenViews {
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private TokenViews() {}

  static JsonObject lookup(Token t, Instant now) {
    JsonObject data = new JsonObject()
        .put("id", t.id())
        .put("accessor", t.accessor())
        .put("policies", new JsonArray(t.draft().policies()))
        .put("path", t.draft().path())
        .put("meta", meta(t))
        .put("display_name", t.draft().displayName())
        .put("num_uses", t.usesLeft())
        .put("orphan", t.isOrphan())
        .put("creation_time", t.created().getEpochSecond())
        .put("creation_ttl", t.creationTtl().toSeconds())
        .put("ttl", t.expires() == null ? 0 : Math.max(0, Duration.between(now, t.expires()).toSeconds()))
        .put("expire_time", t.expires() == null ? null : rfc3339Nano(t.expires()))
        .put("explicit_max_ttl", t.draft().lifetime().explicitMaxTtl().toSeconds())
        .put("entity_id", t.draft().entityId())
        .put("type", "service")
        .put("renewable", t.draft().lifetime().renewable() && t.expires() != null)
        .put("issue_time", RFC3339.format(t.created().atOffset(ZoneOffset.UTC)));
    if (t.draft().lifetime().period().isPositive()) {
      data.put("period", t.draft().lifetime().period().toSeconds());
    }
    if (t.lastRenewal() != null) {
      data.put("last_renewal_time", t.lastRenewal().getEpochSecond());
      data.put("last_renewal", RFC3339.format(t.lastRenewal().atOffset(ZoneOffset.UTC)));
    }
    return data;
  }

  /** The {@code auth} block of a login, create or renewal; {@code lease_duration} is the TTL just granted. */
  static JsonObject auth(Token t) {
    return new JsonObject()
        .put("client_token", t.id())
        .put("accessor", t.accessor())
        .put("policies", new JsonArray(t.draft().policies()))
        .put("token_policies", new JsonArray(t.draft().policies()))
        .put("metadata", meta(t))
        .put("lease_duration", t.ttl().toSeconds())
        .put("renewable", t.draft().lifetime().renewable() && t.expires() != null)
        .put("entity_id", t.draft().entityId())
        .put("token_type", "service")
        .put("orphan", t.isOrphan())
        .put("mfa_requirement", null)
        .put("num_uses", t.usesLeft());
  }

  private static JsonObject meta(Token t) {
    if (t.draft().meta().isEmpty()) {
      return null;
    }
    JsonObject meta = new JsonObject();
    t.draft().meta().forEach(meta::put);
    return meta;
  }

  /** Go's {@code time.RFC3339Nano}: fractional seconds without trailing zeros, none when whole. */
  static String rfc3339Nano(Instant instant) {
    String base = SECONDS.format(instant.atOffset(ZoneOffset.UTC));
    int nanos = instant.getNano();
    if (nanos == 0) {
      return base + "Z";
    }
    String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
    return base + "." + fraction + "Z";
  }
}
