package dev.transitsidecar.devvault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The token store's HTTP paths under {@code auth/token/} (docs/vault-api.md section 3): create, create-orphan, lookup,
 * lookup-self, lookup-accessor, renew, renew-self, revoke, revoke-self. Service tokens only.
 */
final class TokenBackend implements Backend {
  private final TokenStore tokens;

  TokenBackend(TokenStore tokens) {
    this.tokens = tokens;
  }

  @Override
  public String type() {
    return "token";
  }

  @Override
  public Reply handle(Call call) {
    Operation op = call.op();
    boolean update = op == Operation.UPDATE || op == Operation.CREATE;
    boolean read = op == Operation.READ || update;
    return switch (call.path()) {
      case "create", "create-orphan" -> create(allow(call, update), call.path().equals("create-orphan"));
      case "lookup-self" -> lookup(allow(call, read).caller().id());
      case "lookup" -> lookup(nonEmpty(allow(call, read).fields().string("token"), call.caller().id()));
      case "lookup-accessor" -> lookupAccessor(allow(call, update).fields().string("accessor"));
      case "renew-self" -> renew(allow(call, update).caller(), call.fields());
      case "renew" -> renew(existing(allow(call, update).fields().string("token")), call.fields());
      case "revoke-self" -> revoke(allow(call, update).caller().id());
      case "revoke" -> revoke(requireId(allow(call, update).fields().string("token")));
      default -> throw Call.unsupportedPath();
    };
  }

  private static Call allow(Call call, boolean allowed) {
    if (!allowed) {
      throw Call.unsupportedOperation();
    }
    return call;
  }

  private Reply create(Call call, boolean orphanPath) {
    FieldData f = call.fields();
    String type = f.string("type");
    if (type.equals("batch")) {
      throw VaultError.badRequest("batch tokens are not supported by this dev engine");
    }
    if (!type.isEmpty() && !type.equals("service") && !type.equals("default")) {
      throw VaultError.badRequest("invalid 'type' value");
    }
    int numUses = f.integer("num_uses");
    if (numUses < 0) {
      throw VaultError.badRequest("number of uses cannot be negative");
    }
    Duration period = f.duration("period");
    if (period.isPositive() && !call.sudo()) {
      throw VaultError.badRequest("root or sudo privileges required to create periodic token");
    }
    boolean orphan = orphanPath || (f.bool("no_parent", false) && call.sudo());
    Lifetime life = new Lifetime(
        f.duration("ttl"), f.duration("explicit_max_ttl"), period, Duration.ZERO, f.bool("renewable", true));
    TokenDraft draft = new TokenDraft(
        childPolicies(call), "auth/token/" + call.path(), displayName(f.string("display_name")),
        f.stringMap("meta"), life, numUses, orphan ? null : call.caller().id(), "");
    return Reply.auth(tokens.create(draft));
  }

  private static List<String> childPolicies(Call call) {
    FieldData f = call.fields();
    Token parent = call.caller();
    boolean addDefault = !f.bool("no_default_policy", false);
    List<String> requested = f.strings("policies");
    if (requested.isEmpty()) {
      List<String> inherited = new ArrayList<>(parent.draft().policies());
      if (!addDefault) {
        inherited.remove("default");
      }
      return Policies.sanitize(inherited, false);
    }
    List<String> sanitized = Policies.sanitize(requested, false);
    if (sanitized.contains("root") && !parent.isRoot()) {
      throw VaultError.badRequest("root tokens may not be created without parent token being root");
    }
    if (!call.sudo() && !parent.draft().policies().containsAll(sanitized)) {
      throw VaultError.badRequest("child policies must be subset of parent");
    }
    return Policies.sanitize(sanitized, addDefault);
  }

  private static String displayName(String requested) {
    if (requested.isEmpty()) {
      return "token";
    }
    String full = ("token-" + requested).replaceAll("[^a-zA-Z0-9-]", "-");
    return full.endsWith("-") ? full.substring(0, full.length() - 1) : full;
  }

  private Reply lookup(String id) {
    Token token = tokens.find(id).orElseThrow(() -> new VaultError(403, "bad token"));
    return Reply.ok(TokenViews.lookup(token, tokens.now()));
  }

  private Reply lookupAccessor(String accessor) {
    if (accessor.isEmpty()) {
      throw VaultError.badRequest("missing accessor");
    }
    Token token = tokens.findByAccessor(accessor).orElseThrow(() -> VaultError.badRequest("invalid accessor"));
    return Reply.ok(TokenViews.lookup(token, tokens.now()).put("id", ""));
  }

  private Reply renew(Token target, FieldData f) {
    return Reply.auth(tokens.renew(target, f.duration("increment")));
  }

  private Token existing(String id) {
    return tokens.find(requireId(id)).orElseThrow(() -> VaultError.badRequest("token not found"));
  }

  private Reply revoke(String id) {
    tokens.revoke(id);
    return Reply.noContent();
  }

  private static String requireId(String id) {
    if (id.isEmpty()) {
      throw VaultError.badRequest("missing token ID");
    }
    return id;
  }

  private static String nonEmpty(String value, String fallback) {
    return value.isEmpty() ? fallback : value;
  }
}
