package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.testing.SecretLedger;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code keystore} command against the embedded engine, in-process, with its exit code and output. */
class KeystoreCommandTest {
  private static final String PASSPHRASE = "correct horse battery staple";

  static {
    SecretLedger.record(SecretLedger.Kind.PASSPHRASE, PASSPHRASE);
  }

  @TempDir
  Path dir;

  private DevVault engine;
  private Map<String, String> env;
  private Path keystore;

  @BeforeEach
  void start() throws IOException {
    engine = DevVault.start(Vertx.vertx(), DevVaultOptions.defaults().withTransitKeys(List.of("kasten", "other")))
        .await();
    keystore = dir.resolve("keystore.json");
    env = new HashMap<>(Map.of("SIDECAR_VAULT_ADDRESS", engine.address(),
        "SIDECAR_AUTH_TOKEN_FILE", Files.writeString(dir.resolve("token"), engine.rootToken()).toString(),
        "SIDECAR_KEYSTORE_FILE", keystore.toString(), "SIDECAR_CACHE_LOCK_MEMORY", "off"));
  }

  @AfterEach
  void stop() {
    engine.close().await();
  }

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = "sidecar.yaml";
    return CliRun.of(env, all);
  }

  @Test
  void init_thenShow_listsTheTransitPasskeyInUse_withoutCiphertextUnlessAsked() throws IOException {
    CliRun init = run("keystore", "init");
    assertThat(init.code()).as(init.err()).isZero();
    String keyId = new JsonObject(Files.readString(keystore)).getString("key_id");
    assertThat(init.out()).contains("key_id " + keyId);

    CliRun show = run("keystore", "show");
    assertThat(show.code()).isZero();
    assertThat(show.out()).contains("key_id: " + keyId).contains("vault  vault-transit  transit/kasten v1  in use")
        .doesNotContain("vault:v1:");
    assertThat(run("keystore", "show", "--ciphertexts").out()).contains("ciphertext: vault:v1:");
  }

  @Test
  void init_existingKeystore_isRefusedAndLeftAsItWas() throws IOException {
    assertThat(run("keystore", "init").code()).isZero();
    byte[] before = Files.readAllBytes(keystore);
    CliRun again = run("keystore", "init");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err().lines().toList()).hasSize(1).first().asString().contains("already exists");
    assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
  }

  @Test
  void init_importOfWrongSize_isOneLineError() throws IOException {
    Path raw = Files.write(dir.resolve("raw"), new byte[31]);
    CliRun r = run("keystore", "init", "--import", raw.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("exactly 32 raw bytes").doesNotContain("Exception");
    assertThat(keystore).doesNotExist();
  }

  @Test
  void addPasskey_vaultTransitOnAnotherKey_thenUseAndRemove() {
    assertThat(run("keystore", "init").code()).isZero();
    CliRun add = run("keystore", "add-passkey", "--name", "second", "--vault-transit", "--key", "other");
    assertThat(add.code()).as(add.err()).isZero();
    assertThat(run("keystore", "show").out()).contains("second  vault-transit  transit/other v1");

    assertThat(run("keystore", "use-passkey", "second").code()).isZero();
    assertThat(run("keystore", "show").out()).contains("transit/other v1  in use");
    CliRun removed = run("keystore", "remove-passkey", "vault");
    assertThat(removed.code()).as(removed.err()).isZero();
    assertThat(run("keystore", "show").out()).doesNotContain("transit/kasten");
  }

  @Test
  void removePasskey_inUseOrLast_isRefused() {
    assertThat(run("keystore", "init").code()).isZero();
    CliRun last = run("keystore", "remove-passkey", "vault");
    assertThat(last.code()).isEqualTo(1);
    assertThat(last.err()).contains("last passkey");
    assertThat(run("keystore", "add-passkey", "--name", "second", "--vault-transit", "--key", "other").code())
        .isZero();
    CliRun inUse = run("keystore", "remove-passkey", "vault");
    assertThat(inUse.code()).isEqualTo(1);
    assertThat(inUse.err()).contains("is in use");
    assertThat(run("keystore", "remove-passkey", "nobody").err()).contains("no passkey named nobody");
  }

  @Test
  void passphrasePasskey_roundTrip_andWrongPassphraseRefused_neverPrinted() throws IOException {
    assertThat(run("keystore", "init").code()).isZero();
    Path good = Files.writeString(dir.resolve("pass"), PASSPHRASE + "\n");
    Path bad = Files.writeString(dir.resolve("bad"), "not it\n");
    CliRun add = run("keystore", "add-passkey", "--name", "recovery", "--passphrase-file", good.toString());
    assertThat(add.code()).as(add.err()).isZero();
    assertThat(run("keystore", "use-passkey", "recovery").out()).contains("unwraps only vault-transit passkeys");

    CliRun wrong = run("keystore", "add-passkey", "--name", "v2", "--vault-transit", "--unlock-passphrase-file",
        bad.toString());
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err()).contains("wrong passphrase for passkey recovery");

    CliRun right = run("keystore", "add-passkey", "--name", "v2", "--vault-transit", "--unlock-passphrase-file",
        good.toString());
    assertThat(right.code()).as(right.err()).isZero();
    assertThat(run("keystore", "use-passkey", "v2").code()).isZero();
    assertThat(Files.readString(keystore) + add.out() + add.err() + wrong.err() + right.out()).doesNotContain(PASSPHRASE);
  }

  @Test
  void anyChange_whileAnotherWriterHoldsTheLock_isRefusedAndChangesNothing() throws IOException {
    assertThat(run("keystore", "init").code()).isZero();
    byte[] before = Files.readAllBytes(keystore);
    try (KeystoreFile.WriteLock held = new KeystoreFile(keystore).lockForWriting()) {
      CliRun r = run("keystore", "add-passkey", "--name", "second", "--vault-transit", "--key", "other");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("being changed by another writer");
    }
    assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
  }

  @Test
  void truncatedKeystore_isRefusedByEveryCommand_andLeftByteForByte() throws IOException {
    assertThat(run("keystore", "init").code()).isZero();
    byte[] full = Files.readAllBytes(keystore);
    byte[] cut = java.util.Arrays.copyOf(full, full.length / 2);
    Files.write(keystore, cut);
    for (String[] command : List.of(new String[] {"keystore", "show"}, new String[] {"keystore", "use-passkey", "vault"},
        new String[] {"keystore", "add-passkey", "--name", "x", "--vault-transit"})) {
      CliRun r = run(command);
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err().lines().toList()).hasSize(1).first().asString().contains("keystore damaged");
      assertThat(Files.readAllBytes(keystore)).isEqualTo(cut);
    }
  }

  @Test
  void usage_noKeystoreFileOrConflictingOptions_isExit2() {
    env.remove("SIDECAR_KEYSTORE_FILE");
    assertThat(run("keystore", "show").code()).isEqualTo(2);
    env.put("SIDECAR_KEYSTORE_FILE", keystore.toString());
    assertThat(run("keystore", "add-passkey", "--name", "x", "--vault-transit", "--passphrase-prompt").code())
        .isEqualTo(2);
    assertThat(run("keystore").code()).isEqualTo(2);
  }
}
