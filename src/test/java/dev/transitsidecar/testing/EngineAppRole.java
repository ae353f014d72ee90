package dev.transitsidecar.testing;

import dev.transitsidecar.config.AppRoleAuthConfig;
import dev.transitsidecar.devvault.DevVault;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * AppRole on the embedded engine, as an operator sets it up for the sidecar: the method enabled at
 * {@code auth/approle}, a role whose tokens carry {@code policy} for an hour, and its role_id and a secret_id written
 * to files in {@code dir}, as {@code auth.approle} reads them.
 */
public final class EngineAppRole {
  private EngineAppRole() {}

  public static AppRoleAuthConfig enable(DevVault engine, Path dir, String role, String policy) throws IOException {
    String root = engine.rootToken();
    call(engine, "POST", "/v1/sys/auth/approle", root, new JsonObject().put("type", "approle"));
    call(engine, "POST", "/v1/auth/approle/role/" + role, root, new JsonObject().put("token_policies", policy)
        .put("token_ttl", "1h"));
    String roleId = call(engine, "GET", "/v1/auth/approle/role/" + role + "/role-id", root, null)
        .getJsonObject("data").getString("role_id");
    String secretId = call(engine, "POST", "/v1/auth/approle/role/" + role + "/secret-id", root, new JsonObject())
        .getJsonObject("data").getString("secret_id");
    return new AppRoleAuthConfig("approle", Optional.of(Files.writeString(dir.resolve("role-id"), roleId)),
        Optional.of(Files.writeString(dir.resolve("secret-id"), secretId)));
  }

  private static JsonObject call(DevVault engine, String method, String path, String token, JsonObject body) {
    Http.Answer a = Http.send(Http.request(engine.address(), path).header("X-Vault-Token", token)
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body.encode())).build());
    if (a.status() < 200 || a.status() > 204) {
      throw new IllegalStateException(method + " " + path + " answered " + a.status());
    }
    return a.body().isEmpty() ? new JsonObject() : a.json();
  }
}
