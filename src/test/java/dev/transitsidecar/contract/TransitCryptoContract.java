package dev.transitsidecar.contract;

import static dev.transitsidecar.contract.VaultAssertions.assertError;
import static dev.transitsidecar.contract.VaultAssertions.assertErrorContaining;
import static dev.transitsidecar.contract.VaultAssertions.assertNotFoundEmpty;
import static dev.transitsidecar.contract.VaultAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Single-item encrypt and decrypt, the ciphertext format and auto-create (docs/vault-api.md 1.7, 1.8, 1.12, 2). */
abstract class TransitCryptoContract extends ContractSupport {
  private static final String CIPHERTEXT_FORMAT = "vault:v\\d+:[A-Za-z0-9+/]+={0,2}";
  private static final String AUTH_FAILED = "cipher: message authentication failed";

  private String decrypt(String key, JsonObject request) {
    return assertOk(transit("decrypt/" + key, request)).getString("plaintext");
  }

  @Test
  void encrypt_plaintext_returnsVersionedCiphertextThatDecrypts() {
    String key = createKey();
    JsonObject data = assertOk(transit("encrypt/" + key, item("plaintext", b64("hello"))));
    assertThat(data.fieldNames()).containsExactlyInAnyOrder("ciphertext", "key_version");
    assertThat(data.getInteger("key_version")).isEqualTo(1);
    String ciphertext = data.getString("ciphertext");
    assertThat(ciphertext).matches(CIPHERTEXT_FORMAT).startsWith("vault:v1:");
    assertThat(unb64(ciphertext.substring("vault:v1:".length()))).as("nonce12 || ct || tag16").hasSize(5 + 28);
    JsonObject plain = assertOk(transit("decrypt/" + key, item("ciphertext", ciphertext)));
    assertThat(plain.fieldNames()).containsExactly("plaintext");
    assertThat(plain.getString("plaintext")).isEqualTo(b64("hello"));
  }

  @Test
  void encrypt_samePlaintextTwice_usesFreshNonces() {
    String key = createKey();
    assertThat(encrypt(key, "same")).isNotEqualTo(encrypt(key, "same"));
  }

  @Test
  void encrypt_emptyPlaintext_roundTripsToEmpty() {
    String key = createKey();
    String ciphertext = encrypt(key, item("plaintext", ""));
    assertThat(unb64(ciphertext.substring("vault:v1:".length()))).hasSize(28);
    assertThat(decrypt(key, item("ciphertext", ciphertext))).isEmpty();
  }

  @Test
  void encrypt_missingPlaintext_returns400() {
    assertError(transit("encrypt/" + createKey(), new JsonObject()), 400, "missing plaintext to encrypt");
  }

  @Test
  void encrypt_plaintextNotBase64_returns400WithGoBase64Error() {
    // Go's text carries a byte offset ("illegal base64 data at input byte 4"); only the stable part is asserted.
    assertErrorContaining(transit("encrypt/" + createKey(), item("plaintext", "abc$def")), 400,
        "illegal base64 data at input byte");
  }

  @Test
  void encrypt_derivedKeyWithoutContext_returns400() {
    String key = createKey(new JsonObject().put("derived", true));
    assertError(transit("encrypt/" + key, item("plaintext", b64("x"))), 400,
        "missing 'context' for key derivation; the key was created using a derived key, which means additional,"
            + " per-request information must be included in order to perform operations with the key");
  }

  @Test
  void encrypt_derivedKeyWithContext_decryptsOnlyWithSameContext() {
    String key = createKey(new JsonObject().put("derived", true));
    String ciphertext = encrypt(key, item("plaintext", b64("tenant data")).put("context", b64("tenant-1")));
    assertThat(decrypt(key, item("ciphertext", ciphertext).put("context", b64("tenant-1")))).isEqualTo(b64("tenant data"));
    assertError(transit("decrypt/" + key, item("ciphertext", ciphertext).put("context", b64("tenant-2"))), 400, AUTH_FAILED);
  }

  @Test
  void encrypt_contextOnNonDerivedKey_isIgnored() {
    // (code-derived) docs/vault-api.md 1.7: GetKey returns the raw key for a non-derived key; settle on real Vault.
    String key = createKey();
    String ciphertext = encrypt(key, item("plaintext", b64("x")).put("context", b64("ignored")));
    assertThat(decrypt(key, item("ciphertext", ciphertext))).isEqualTo(b64("x"));
  }

  @Test
  void encrypt_associatedData_decryptsOnlyWithSameData() {
    String key = createKey();
    String ciphertext = encrypt(key, item("plaintext", b64("bound")).put("associated_data", b64("header-1")));
    assertThat(decrypt(key, item("ciphertext", ciphertext).put("associated_data", b64("header-1")))).isEqualTo(b64("bound"));
    assertError(transit("decrypt/" + key, item("ciphertext", ciphertext).put("associated_data", b64("header-2"))), 400,
        AUTH_FAILED);
    assertError(transit("decrypt/" + key, item("ciphertext", ciphertext)), 400, AUTH_FAILED);
  }

  @Test
  void encrypt_keyVersionAsNumberOrNumericString_usesThatVersion() {
    String key = createKey();
    rotate(key, 1);
    JsonObject asNumber = assertOk(transit("encrypt/" + key, item("plaintext", b64("x")).put("key_version", 1)));
    assertThat(asNumber.getString("ciphertext")).startsWith("vault:v1:");
    assertThat(asNumber.getInteger("key_version")).isEqualTo(1);
    // Spring Vault sends key_version as a string in the single form.
    JsonObject asString = assertOk(transit("encrypt/" + key, item("plaintext", b64("x")).put("key_version", "1")));
    assertThat(asString.getString("ciphertext")).startsWith("vault:v1:");
    assertThat(asString.getInteger("key_version")).isEqualTo(1);
    JsonObject latest = assertOk(transit("encrypt/" + key, item("plaintext", b64("x")).put("key_version", 0)));
    assertThat(latest.getInteger("key_version")).as("0 means latest").isEqualTo(2);
  }

  @Test
  void encrypt_keyVersionAboveLatest_returns400() {
    assertError(transit("encrypt/" + createKey(), item("plaintext", b64("x")).put("key_version", 2)), 400,
        "requested version for encryption is higher than the latest key version");
  }

  @Test
  void encrypt_negativeKeyVersion_returns400() {
    assertError(transit("encrypt/" + createKey(), item("plaintext", b64("x")).put("key_version", -1)), 400,
        "requested version for encryption is negative");
  }

  @Test
  void encrypt_missingKeyAsRoot_autoCreatesAes256Key() {
    String key = unique("auto");
    String ciphertext = encrypt(key, "created on the fly");
    assertThat(ciphertext).startsWith("vault:v1:");
    JsonObject data = assertOk(get("transit/keys/" + key));
    assertThat(data.getString("type")).isEqualTo("aes256-gcm96");
    assertThat(data.getBoolean("derived")).isFalse();
  }

  @Test
  void encrypt_missingKeyWithContext_autoCreatesDerivedKey() {
    String key = unique("auto");
    encrypt(key, item("plaintext", b64("x")).put("context", b64("ctx")));
    JsonObject data = assertOk(get("transit/keys/" + key));
    assertThat(data.getBoolean("derived")).isTrue();
    assertThat(data.getString("kdf")).isEqualTo("hkdf_sha256");
  }

  @Test
  void encrypt_missingKeyWithType_autoCreatesThatType() {
    String key = unique("auto");
    String ciphertext = encrypt(key, item("plaintext", b64("abc")).put("type", "aes128-gcm96"));
    assertThat(unb64(ciphertext.substring("vault:v1:".length()))).hasSize(3 + 28);
    assertThat(assertOk(get("transit/keys/" + key)).getString("type")).isEqualTo("aes128-gcm96");
  }

  @Test
  void encrypt_missingKeyConvergentWithoutContext_returns400() {
    assertError(transit("encrypt/" + unique("auto"), item("plaintext", b64("x")).put("convergent_encryption", true)), 400,
        "convergent encryption requires derivation to be enabled, so context is required");
  }

  @Test
  void decrypt_missingKey_returns400AndDoesNotCreate() {
    String key = unique("missing");
    assertError(transit("decrypt/" + key, item("ciphertext", "vault:v1:" + b64(new byte[40]))), 400,
        "encryption key not found");
    assertNotFoundEmpty(get("transit/keys/" + key));
  }

  @Test
  void decrypt_missingCiphertext_returns400() {
    assertError(transit("decrypt/" + createKey(), new JsonObject()), 400, "missing ciphertext to decrypt");
  }

  @Test
  void decrypt_versionZeroPrefix_isTreatedAsVersionOne() {
    String key = createKey();
    String ciphertext = encrypt(key, "legacy");
    String v0 = "vault:v0:" + ciphertext.substring("vault:v1:".length());
    assertThat(decrypt(key, item("ciphertext", v0))).isEqualTo(b64("legacy"));
  }
}
