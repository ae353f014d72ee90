package dev.transitsidecar.cli;

import dev.transitsidecar.derive.Hkdf;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import dev.transitsidecar.testing.SecretLedger;
import dev.transitsidecar.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded engine with key {@code kasten}, a keystore wrapped by it, and the CLI run in-process with a token file
 * (the root token unless a test writes another). Blocking helpers that look at Vault and the keystore directly.
 */
final class RotationFixture implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final DevVault engine;
  final Path keystore;
  final Path tokenFile;
  final Map<String, String> env;

  RotationFixture(Path dir, DevVaultOptions options) {
    engine = DevVault.start(vertx, options.withTransitKeys(List.of("kasten"))).await();
    keystore = dir.resolve("keystore.json");
    tokenFile = dir.resolve("token");
    useToken(engine.rootToken());
    env = new HashMap<>(Map.of("SIDECAR_VAULT_ADDRESS", engine.address(),
        "SIDECAR_AUTH_TOKEN_FILE", tokenFile.toString(), "SIDECAR_KEYSTORE_FILE", keystore.toString(),
        "SIDECAR_CACHE_LOCK_MEMORY", "off",
        "SIDECAR_LISTEN_PORT", String.valueOf(TestConfigs.deadVault().getPort())));
  }

  void useToken(String token) {
    try {
      Files.writeString(tokenFile, token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = "sidecar.yaml";
    return CliRun.of(env, all);
  }

  /** {@code keystore init}; answers the key_id. */
  String init() {
    CliRun r = run("keystore", "init");
    if (r.code() != 0) {
      throw new IllegalStateException(r.err());
    }
    return keystoreJson().getString("key_id");
  }

  JsonObject keystoreJson() {
    try {
      return new JsonObject(Files.readString(keystore));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String ciphertext() {
    return keystoreJson().getJsonArray("passkeys").getJsonObject(0).getString("ciphertext");
  }

  /** The key's {@code data} as the engine has it. */
  JsonObject key() {
    return vault("GET", "/v1/transit/keys/kasten", null).json().getJsonObject("data");
  }

  /** The key_id the keystore's ciphertext unwraps to, decrypted with the root token straight at the engine. */
  String unwrappedKeyId() {
    return unwrappedKeyId(ciphertext());
  }

  /** The key_id {@code ciphertext} (a keystore passkey's) unwraps to. */
  String unwrappedKeyId(String ciphertext) {
    Answer a = vault("POST", "/v1/transit/decrypt/kasten", new JsonObject().put("ciphertext", ciphertext).encode());
    if (a.status() != 200) {
      throw new IllegalStateException("decrypt answered " + a.status());
    }
    byte[] master = Base64.getDecoder().decode(a.json().getJsonObject("data").getString("plaintext"));
    SecretLedger.record(SecretLedger.Kind.MASTER_KEY, master);
    return Hkdf.keyId(ByteBuffer.wrap(master));
  }

  Answer vault(String method, String uri, String body) {
    return Http.send(Http.request(engine.address(), uri).header("X-Vault-Token", engine.rootToken())
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build());
  }

  @Override
  public void close() {
    engine.close().await();
    vertx.close().await();
  }
}
