package dev.transitsidecar.auth;

import dev.transitsidecar.config.AppRoleAuthConfig;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * {@code auth.method: approle}: {@code POST auth/<mountPath>/login} with the role id and the secret id, both read
 * again from their files at every login (a delivery process may replace a used-up secret id).
 */
final class AppRoleLogin implements Login {
  private static final String ROLE_ID = "auth.approle.roleIdFile";
  private static final String SECRET_ID = "auth.approle.secretIdFile";

  private final Vertx vertx;
  private final TokenCalls calls;
  private final Path roleIdFile;
  private final Path secretIdFile;
  private final String mount;

  private AppRoleLogin(Vertx vertx, TokenCalls calls, Path roleIdFile, Path secretIdFile, String mount) {
    this.vertx = vertx;
    this.calls = calls;
    this.roleIdFile = roleIdFile;
    this.secretIdFile = secretIdFile;
    this.mount = mount;
  }

  /** Fails with {@link LocalProblem} when a file setting is missing. */
  static AppRoleLogin create(Vertx vertx, TokenCalls calls, AppRoleAuthConfig config) {
    Path roleId = config.roleIdFile()
        .orElseThrow(() -> new LocalProblem(ROLE_ID + " is not set (it is required with auth.method approle)"));
    Path secretId = config.secretIdFile()
        .orElseThrow(() -> new LocalProblem(SECRET_ID + " is not set (it is required with auth.method approle)"));
    return new AppRoleLogin(vertx, calls, roleId, secretId, Mounts.normalize(config.mountPath()));
  }

  @Override
  public String method() {
    return "approle";
  }

  @Override
  public String describe() {
    return "approle login at auth/" + mount;
  }

  @Override
  public boolean issuesTokens() {
    return true;
  }

  @Override
  public Future<Void> check() {
    return body().mapEmpty();
  }

  @Override
  public Future<VaultToken> obtain() {
    return body()
        .compose(json -> calls.login(mount, json));
  }

  private Future<JsonObject> body() {
    return SecretFiles.read(vertx, roleIdFile, ROLE_ID)
        .map(roleId -> new JsonObject().put("role_id", roleId.revealForLogin()))
        .compose(json -> SecretFiles.read(vertx, secretIdFile, SECRET_ID)
            .map(secretId -> json.put("secret_id", secretId.revealForLogin())));
  }
}
