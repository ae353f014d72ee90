package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The AppRole auth method (docs/vault-api.md section 3.5): roles, RoleIDs, SecretIDs with use counts and TTLs, and
 * {@code login}. Role writes have Vault's existence check (a new role needs {@code create}).
 */
final class AppRoleBackend implements Backend {
  private static final Pattern NAME = Pattern.compile("\\w(([\\w-.]+)?\\w)?");

  private record SecretId(String roleName, String accessor, int usesLeft, Instant expires) {
    @Override
    public String toString() {
      return "SecretId[role=" + roleName + ", accessor=" + accessor + "]";
    }
  }

  private final String mountPath;
  private final TokenStore tokens;
  private final Ids ids;
  private final Clock clock;
  private final Map<String, AppRole> roles = new TreeMap<>();
  private final Map<String, SecretId> secretIds = new HashMap<>();
  private final Map<String, String> entityIds = new HashMap<>();

  AppRoleBackend(String mountPath, TokenStore tokens, Ids ids, Clock clock) {
    this.mountPath = mountPath;
    this.tokens = tokens;
    this.ids = ids;
    this.clock = clock;
  }

  @Override
  public String type() {
    return "approle";
  }

  @Override
  public boolean unauthenticated(String path) {
    return path.equals("login");
  }

  @Override
  public Operation resolve(Operation requested, String path) {
    String[] parts = path.split("/");
    boolean roleWrite = parts.length == 2 && parts[0].equals("role");
    if (requested == Operation.UPDATE && roleWrite && !roles.containsKey(parts[1].toLowerCase(Locale.ROOT))) {
      return Operation.CREATE;
    }
    return requested;
  }

  @Override
  public Reply handle(Call call) {
    String[] parts = call.path().split("/");
    if (call.path().equals("login")) {
      return login(call.fields());
    }
    if (call.path().equals("role") && call.op() == Operation.LIST) {
      return listRoles();
    }
    if (parts.length < 2 || parts.length > 3 || !parts[0].equals("role") || !NAME.matcher(parts[1]).matches()) {
      throw Call.unsupportedPath();
    }
    String name = parts[1].toLowerCase(Locale.ROOT);
    return switch (parts.length == 2 ? "" : parts[2]) {
      case "" -> role(call, name);
      case "role-id" -> roleId(call, name);
      case "secret-id" -> secretId(call, name);
      default -> throw Call.unsupportedPath();
    };
  }

  private Reply listRoles() {
    if (roles.isEmpty()) {
      throw VaultError.notFound();
    }
    return Reply.ok(new JsonObject().put("keys", new JsonArray(roles.keySet().stream().toList())));
  }

  private Reply role(Call call, String name) {
    switch (call.op()) {
      case READ -> {
        return Reply.ok(existing(name).orElseThrow(VaultError::notFound).toJson());
      }
      case CREATE, UPDATE -> {
        AppRole current = roles.getOrDefault(name, AppRole.fresh(name, ids.uuid()));
        roles.put(name, current.merge(call.fields()));
        return Reply.noContent();
      }
      case DELETE -> {
        roles.remove(name);
        secretIds.values().removeIf(s -> s.roleName().equals(name));
        return Reply.noContent();
      }
      default -> throw Call.unsupportedOperation();
    }
  }

  private Reply roleId(Call call, String name) {
    if (call.op() != Operation.READ) {
      throw Call.unsupportedOperation();
    }
    AppRole role = existing(name).orElseThrow(VaultError::notFound);
    return Reply.ok(new JsonObject().put("role_id", role.roleId()));
  }

  private Reply secretId(Call call, String name) {
    if (call.op() != Operation.UPDATE && call.op() != Operation.CREATE) {
      throw Call.unsupportedOperation();
    }
    AppRole role = existing(name)
        .orElseThrow(() -> VaultError.badRequest("role \"" + name + "\" does not exist"));
    String secret = ids.uuid();
    Witnesses.credential(secret);
    Instant expires = role.secretIdTtl().isPositive() ? clock.instant().plus(role.secretIdTtl()) : null;
    SecretId entry = new SecretId(name, ids.uuid(), role.secretIdNumUses(), expires);
    secretIds.put(secret, entry);
    return Reply.ok(new JsonObject()
        .put("secret_id", secret)
        .put("secret_id_accessor", entry.accessor())
        .put("secret_id_ttl", role.secretIdTtl().toSeconds())
        .put("secret_id_num_uses", role.secretIdNumUses()));
  }

  private Reply login(FieldData f) {
    String roleId = f.string("role_id").trim();
    if (roleId.isEmpty()) {
      throw VaultError.badRequest("invalid credentials");
    }
    AppRole role = roles.values().stream()
        .filter(r -> r.roleId().equals(roleId))
        .findFirst()
        .orElseThrow(() -> VaultError.badRequest("invalid role or secret ID"));
    if (role.bindSecretId()) {
      spendSecretId(role, f.string("secret_id").trim());
    }
    Lifetime life = new Lifetime(role.tokenTtl(), Duration.ZERO, role.tokenPeriod(), role.tokenMaxTtl(), true);
    TokenDraft draft = new TokenDraft(role.tokenPolicies(), mountPath + "/login", "approle",
        Map.of("role_name", role.name()), life, role.tokenNumUses(), null,
        entityIds.computeIfAbsent(role.roleId(), k -> ids.uuid()));
    return Reply.auth(tokens.create(draft));
  }

  private void spendSecretId(AppRole role, String secret) {
    if (secret.isEmpty()) {
      throw VaultError.badRequest("missing secret_id");
    }
    SecretId entry = secretIds.get(secret);
    boolean expired = entry != null && entry.expires() != null && !clock.instant().isBefore(entry.expires());
    if (entry == null || expired || !entry.roleName().equals(role.name())) {
      if (expired) {
        secretIds.remove(secret);
      }
      throw VaultError.badRequest("invalid role or secret ID");
    }
    if (entry.usesLeft() == 1) {
      secretIds.remove(secret);
    } else if (entry.usesLeft() > 1) {
      secretIds.put(secret, new SecretId(entry.roleName(), entry.accessor(), entry.usesLeft() - 1, entry.expires()));
    }
  }

  private java.util.Optional<AppRole> existing(String name) {
    return java.util.Optional.ofNullable(roles.get(name));
  }
}
