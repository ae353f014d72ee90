package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.devvault.TokenSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rotate} against the embedded engine, in-process: the steps, the dry run, resuming, and refusals. */
class RotateCommandTest {
  @TempDir
  Path dir;

  private RotationFixture fixture;
  private String keyId;

  @BeforeEach
  void start() {
    fixture = new RotationFixture(dir, DevVaultOptions.defaults().withPort(0));
    keyId = fixture.init();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void rotate_fullRotation_rotatesRewrapsChecksWritesAndRaises() {
    CliRun r = fixture.run("rotate");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("rotated transit/kasten: new version v2", "rewrapped passkey vault from v1 to v2",
        "checked passkey vault: it unwraps to key_id " + keyId, "wrote keystore",
        "raised min_decryption_version of transit/kasten from 1 to 2", "done: transit/kasten at v2")
        .contains("could not ask the sidecar at http://127.0.0.1:").doesNotContain("vault:v");
    assertThat(fixture.key().getInteger("latest_version")).isEqualTo(2);
    assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(2);
    assertThat(fixture.ciphertext()).startsWith("vault:v2:");
    assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
    assertThat(fixture.keystoreJson().getString("key_id")).isEqualTo(keyId);
  }

  @Test
  void rotate_twice_addsOneVersionEachTime() {
    assertThat(fixture.run("rotate").code()).isZero();
    CliRun second = fixture.run("rotate");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(fixture.key().getInteger("latest_version")).isEqualTo(3);
    assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(3);
    assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
  }

  @Test
  void rotate_dryRun_printsEachStepAndChangesNothing() throws IOException {
    byte[] before = Files.readAllBytes(fixture.keystore);

    CliRun r = fixture.run("rotate", "--dry-run");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("would rotate transit/kasten from v1 to v2", "would rewrap passkey vault from v1 to v2",
        "would unwrap the new ciphertext of passkey vault and check key_id " + keyId, "would write keystore",
        "would raise min_decryption_version of transit/kasten from 1 to 2", "nothing was changed");
    assertThat(Files.readAllBytes(fixture.keystore)).isEqualTo(before);
    assertThat(fixture.key().getInteger("latest_version")).isEqualTo(1);
    assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(1);
    assertThat(fixture.engine.requests()).noneMatch(s -> s.method().equals("POST") && (s.path().endsWith("/rotate")
        || s.path().endsWith("/config") || s.path().contains("/rewrap/")));
  }

  @Test
  void rotate_keyRotatedButKeystoreNotYetRewrapped_finishesWithoutANewVersion() {
    assertThat(fixture.vault("POST", "/v1/transit/keys/kasten/rotate", "{}").status()).isEqualTo(200);

    CliRun r = fixture.run("rotate");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("a rotation of transit/kasten is under way: passkey vault is at v1, the key at v2")
        .doesNotContain("rotated transit/kasten");
    assertThat(fixture.key().getInteger("latest_version")).isEqualTo(2);
    assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(2);
    assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
  }

  @Test
  void rotate_tokenWithoutRotate_namesTheCapabilityAndThePolicyFile() {
    fixture.engine.putPolicy("no-rotate", """
        path "transit/keys/kasten" { capabilities = ["read"] }
        path "transit/rewrap/kasten" { capabilities = ["update"] }
        path "transit/decrypt/kasten" { capabilities = ["update"] }
        path "transit/keys/kasten/config" { capabilities = ["update"] }
        """);
    String token = fixture.engine.createToken(TokenSpec.of("no-rotate"));
    fixture.useToken(token);

    CliRun r = fixture.run("rotate");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().toList()).singleElement().asString()
        .contains("lacks the \"update\" capability on transit/keys/kasten/rotate")
        .contains("policies/transit-sidecar-rotate.hcl");
    assertThat(r.out() + r.err()).doesNotContain(token);
    assertThat(fixture.key().getInteger("latest_version")).isEqualTo(1);
  }

  @Test
  void rotate_tokenWithoutConfig_failsAtTheRaise_thenAFullTokenFinishesWithoutANewVersion() {
    fixture.engine.putPolicy("no-config", """
        path "transit/keys/kasten" { capabilities = ["read"] }
        path "transit/keys/kasten/rotate" { capabilities = ["update"] }
        path "transit/rewrap/kasten" { capabilities = ["update"] }
        path "transit/decrypt/kasten" { capabilities = ["update"] }
        """);
    fixture.useToken(fixture.engine.createToken(TokenSpec.of("no-config")));

    CliRun refused = fixture.run("rotate");

    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("lacks the \"update\" capability on transit/keys/kasten/config")
        .contains("policies/transit-sidecar-rotate.hcl");
    assertThat(fixture.ciphertext()).startsWith("vault:v2:");
    assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(1);

    fixture.useToken(fixture.engine.rootToken());
    CliRun finished = fixture.run("rotate");
    assertThat(finished.code()).as(finished.err()).isZero();
    assertThat(finished.out()).contains("finishing the earlier rotation without a new key version");
    assertThat(fixture.key().getInteger("latest_version")).isEqualTo(2);
    assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(2);
  }

  @Test
  void rotate_withExactlyTheShippedRotationPolicy_works() throws IOException {
    fixture.engine.putPolicy("transit-sidecar-rotate",
        Files.readString(Path.of("policies/transit-sidecar-rotate.hcl")));
    fixture.useToken(fixture.engine.createToken(TokenSpec.of("transit-sidecar-rotate")));

    CliRun r = fixture.run("rotate");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(2);
    assertThat(fixture.unwrappedKeyId()).isEqualTo(keyId);
  }

  @Test
  void rotate_minDecryptionVersionOfTheNextVersion_rotatesAndRaisesToIt() {
    CliRun r = fixture.run("rotate", "--min-decryption-version", "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(fixture.key().getInteger("latest_version")).isEqualTo(2);
    assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(2);
  }

  @Test
  void rotate_badMinDecryptionVersion_isUsageError() {
    CliRun r = fixture.run("rotate", "--min-decryption-version", "zero");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList()).singleElement().asString().contains("--min-decryption-version");
  }

  @Test
  void rotate_minDecryptionVersionAboveLatest_isOneLineErrorAndNothingIsRaised() {
    CliRun r = fixture.run("rotate", "--min-decryption-version", "5");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().toList()).singleElement().asString().contains("above the latest version 1 of transit/kasten even after a rotation");
    assertThat(fixture.key().getInteger("min_decryption_version")).isEqualTo(1);
  }
}
