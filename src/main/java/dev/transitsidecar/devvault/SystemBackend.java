package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The {@code sys/} paths the engine serves through the normal pipeline: ACL policies ({@code sys/policy/:name},
 * {@code sys/policies/acl/:name}) and auth methods ({@code sys/auth}, {@code sys/auth/:path}, which need sudo).
 * {@code sys/health} and {@code sys/seal-status} are answered before the pipeline ({@link Health}).
 */
final class SystemBackend implements Backend {
  private static final String POLICY = "policy/";
  private static final String ACL = "policies/acl/";
  private static final String AUTH = "auth/";

  private final PolicyStore policies;
  private final AuthMethods auth;

  SystemBackend(PolicyStore policies, AuthMethods auth) {
    this.policies = policies;
    this.auth = auth;
  }

  @Override
  public String type() {
    return "system";
  }

  @Override
  public boolean requiresSudo(String path) {
    return path.startsWith(AUTH);
  }

  @Override
  public Reply handle(Call call) {
    String path = call.path();
    if (path.equals("policy") || path.equals("policies/acl")) {
      return listPolicies(call, path.equals("policy"));
    }
    if (path.startsWith(POLICY)) {
      return policy(call, path.substring(POLICY.length()), "rules");
    }
    if (path.startsWith(ACL)) {
      return policy(call, path.substring(ACL.length()), "policy");
    }
    if (path.equals("auth")) {
      return allow(call, call.op() == Operation.READ, () -> Reply.ok(auth.describe()));
    }
    if (path.startsWith(AUTH)) {
      return authMount(call, path.substring(AUTH.length()));
    }
    throw Call.unsupportedPath();
  }

  private Reply listPolicies(Call call, boolean legacy) {
    boolean ok = call.op() == Operation.LIST || (legacy && call.op() == Operation.READ);
    return allow(call, ok, () -> {
      JsonArray names = new JsonArray(policies.names());
      JsonObject data = new JsonObject().put("keys", names);
      return Reply.ok(legacy ? data.put("policies", names.copy()) : data);
    });
  }

  private Reply policy(Call call, String name, String textField) {
    return switch (call.op()) {
      case READ -> policies.get(name)
          .map(p -> Reply.ok(new JsonObject().put("name", p.name()).put(textField, p.text())))
          .orElseThrow(VaultError::notFound);
      case CREATE, UPDATE -> {
        FieldData f = call.fields();
        policies.put(name, f.has("policy") ? f.string("policy") : f.string("rules"));
        yield Reply.noContent();
      }
      case DELETE -> {
        policies.delete(name);
        yield Reply.noContent();
      }
      case LIST -> throw Call.unsupportedOperation();
    };
  }

  private Reply authMount(Call call, String path) {
    return switch (call.op()) {
      case CREATE, UPDATE -> {
        auth.enable(path, call.fields().string("type"));
        yield Reply.noContent();
      }
      case DELETE -> {
        auth.disable(path);
        yield Reply.noContent();
      }
      default -> throw Call.unsupportedOperation();
    };
  }

  private static Reply allow(Call call, boolean allowed, java.util.function.Supplier<Reply> action) {
    if (!allowed) {
      throw Call.unsupportedOperation();
    }
    return action.get();
  }
}
