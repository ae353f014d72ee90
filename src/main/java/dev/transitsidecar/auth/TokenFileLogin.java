package dev.transitsidecar.auth;

import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code auth.method: token}: the token in {@code auth.tokenFile} (a mounted Kubernetes Secret, key
 * {@code vault_token}); when that file is missing, empty or unreadable, {@code VAULT_TOKEN} from the environment.
 */
final class TokenFileLogin implements Login {
  static final String SETTING = "auth.tokenFile";

  private final Vertx vertx;
  private final Path file;
  private final Optional<VaultToken> fromEnv;
  private volatile String source;

  private TokenFileLogin(Vertx vertx, Path file, Optional<VaultToken> fromEnv) {
    this.vertx = vertx;
    this.file = file;
    this.fromEnv = fromEnv;
    this.source = file.toString();
  }

  /** Fails with {@link LocalProblem} when {@code VAULT_TOKEN} is set but cannot be a token. */
  static TokenFileLogin create(Vertx vertx, Path file, Map<String, String> env) {
    String value = env.get("VAULT_TOKEN");
    if (value == null || value.isBlank()) {
      return new TokenFileLogin(vertx, file, Optional.empty());
    }
    return new TokenFileLogin(vertx, file, Optional.of(parse(value, "VAULT_TOKEN")));
  }

  Path file() {
    return file;
  }

  @Override
  public String method() {
    return "token";
  }

  @Override
  public String describe() {
    return "token lookup for the token from " + source;
  }

  @Override
  public boolean issuesTokens() {
    return false;
  }

  @Override
  public Future<Void> check() {
    return obtain().mapEmpty();
  }

  @Override
  public Future<VaultToken> obtain() {
    return readFile()
        .map(this::fromFile)
        .recover(this::fallBackToEnv);
  }

  /** The file's token; fails with {@link LocalProblem} when the file is missing, empty or not a token. */
  Future<VaultToken> readFile() {
    return SecretFiles.read(vertx, file, SETTING)
        .map(secret -> parse(secret.revealForLogin(), SETTING + " " + file));
  }

  private Future<VaultToken> fallBackToEnv(Throwable fileProblem) {
    if (fromEnv.isEmpty()) {
      return Future.failedFuture(new LocalProblem(fileProblem.getMessage() + ", and VAULT_TOKEN is not set"));
    }
    source = "VAULT_TOKEN";
    return Future.succeededFuture(fromEnv.get());
  }

  private static VaultToken parse(String value, String where) {
    try {
      return VaultToken.of(value);
    } catch (IllegalArgumentException e) {
      throw new LocalProblem(where + ": " + e.getMessage());
    }
  }

  /** Notes that the token now in use came from the file. */
  VaultToken fromFile(VaultToken token) {
    source = file.toString();
    return token;
  }
}
