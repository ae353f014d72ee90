package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * One AppRole role ({@code auth/approle/role/:name}).
 *
 * @param roleId the role's RoleID (not secret on its own, but never logged either)
 */
record AppRole(
    String name,
    String roleId,
    List<String> policies,
    Duration tokenTtl,
    Duration tokenMaxTtl,
    Duration tokenPeriod,
    int tokenNumUses,
    int secretIdNumUses,
    Duration secretIdTtl,
    boolean bindSecretId,
    boolean noDefaultPolicy) {

  static AppRole fresh(String name, String roleId) {
    return new AppRole(name, roleId, List.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, 0, Duration.ZERO,
        true, false);
  }

  /** Applies the fields present in a role write; absent fields keep their value. */
  AppRole merge(FieldData f) {
    List<String> newPolicies = f.has("token_policies") ? f.strings("token_policies")
        : f.has("policies") ? f.strings("policies") : policies;
    AppRole merged = new AppRole(name, roleId, newPolicies,
        f.has("token_ttl") ? f.duration("token_ttl") : tokenTtl,
        f.has("token_max_ttl") ? f.duration("token_max_ttl") : tokenMaxTtl,
        f.has("token_period") ? f.duration("token_period") : tokenPeriod,
        f.has("token_num_uses") ? f.integer("token_num_uses") : tokenNumUses,
        f.has("secret_id_num_uses") ? f.integer("secret_id_num_uses") : secretIdNumUses,
        f.has("secret_id_ttl") ? f.duration("secret_id_ttl") : secretIdTtl,
        f.bool("bind_secret_id", bindSecretId),
        f.bool("token_no_default_policy", noDefaultPolicy));
    merged.validate();
    return merged;
  }

  private void validate() {
    if (!bindSecretId) {
      throw VaultError.badRequest("at least one constraint should be enabled on the role");
    }
    if (tokenMaxTtl.isPositive() && tokenTtl.compareTo(tokenMaxTtl) > 0) {
      throw VaultError.badRequest("\"token_ttl\" value must be less than \"token_max_ttl\" value");
    }
    if (secretIdNumUses < 0 || tokenNumUses < 0) {
      throw VaultError.badRequest("num_uses cannot be negative");
    }
  }

  List<String> tokenPolicies() {
    return Policies.sanitize(policies, !noDefaultPolicy);
  }

  JsonObject toJson() {
    JsonArray p = new JsonArray(Policies.sanitize(policies, false));
    return new JsonObject()
        .put("bind_secret_id", bindSecretId)
        .put("local_secret_ids", false)
        .put("secret_id_bound_cidrs", null)
        .put("secret_id_num_uses", secretIdNumUses)
        .put("secret_id_ttl", secretIdTtl.toSeconds())
        .put("token_bound_cidrs", new JsonArray())
        .put("token_explicit_max_ttl", 0)
        .put("token_max_ttl", tokenMaxTtl.toSeconds())
        .put("token_no_default_policy", noDefaultPolicy)
        .put("token_num_uses", tokenNumUses)
        .put("token_period", tokenPeriod.toSeconds())
        .put("token_policies", p)
        .put("policies", p.copy())
        .put("token_ttl", tokenTtl.toSeconds())
        .put("token_type", "default");
  }

  @Override
  public String toString() {
    return "AppRole[name=" + name + ", policies=" + policies + "]";
  }
}
