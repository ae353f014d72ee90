package dev.transitsidecar.devvault;

import static dev.transitsidecar.devvault.TransitFixture.b64;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-checks ciphertexts outside the engine: the raw key from {@code export/encryption-key}, plain JDK
 * AEAD and an HKDF computed with Bouncy Castle (not the engine's JDK KDF) must reproduce what the engine does.
 */
class TransitIndependentCryptoTest {
  private final TransitFixture vault = new TransitFixture();

  @ParameterizedTest
  @ValueSource(strings = {"aes256-gcm96", "aes128-gcm96", "chacha20-poly1305"})
  void ciphertext_plainKey_opensWithJdkAeadAndExportedKey(String type) throws Exception {
    vault.createKey("x", new JsonObject().put("type", type).put("exportable", true));
    byte[] aad = "bound".getBytes(StandardCharsets.UTF_8);
    String ciphertext = vault.write("encrypt/x", new JsonObject().put("plaintext", b64("secret data"))
        .put("associated_data", Base64.getEncoder().encodeToString(aad))).data().getString("ciphertext");

    byte[] key = exportedKey("x", 1);

    assertThat(key).hasSize(type.equals("aes128-gcm96") ? 16 : 32);
    assertThat(new String(open(type, key, ciphertext, aad), StandardCharsets.UTF_8)).isEqualTo("secret data");
  }

  @Test
  void ciphertext_derivedKey_opensWithIndependentHkdf() throws Exception {
    vault.createKey("d", new JsonObject().put("derived", true).put("exportable", true));
    byte[] context = "user-42".getBytes(StandardCharsets.UTF_8);
    String ciphertext = vault.write("encrypt/d", new JsonObject().put("plaintext", b64("derived!"))
        .put("context", Base64.getEncoder().encodeToString(context))).data().getString("ciphertext");

    byte[] derived = bcHkdf(exportedKey("d", 1), context, 32);

    assertThat(new String(open("aes256-gcm96", derived, ciphertext, new byte[0]), StandardCharsets.UTF_8))
        .isEqualTo("derived!");
  }

  @Test
  void convergent_v3_nonceIsHmacOfPlaintextUnderSecondHalfOfHkdf() throws Exception {
    vault.createKey("c", new JsonObject().put("derived", true).put("convergent_encryption", true).put("exportable", true));
    byte[] context = "ctx".getBytes(StandardCharsets.UTF_8);
    byte[] plaintext = "same input".getBytes(StandardCharsets.UTF_8);
    String ciphertext = encryptWithContext("c", plaintext, context);

    byte[] okm = bcHkdf(exportedKey("c", 1), context, 64);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Arrays.copyOfRange(okm, 32, 64), "HmacSHA256"));
    byte[] expectedNonce = Arrays.copyOf(mac.doFinal(plaintext), 12);

    byte[] body = Base64.getDecoder().decode(ciphertext.substring(9));
    assertThat(Arrays.copyOf(body, 12)).isEqualTo(expectedNonce);
    assertThat(open("aes256-gcm96", Arrays.copyOf(okm, 32), ciphertext, new byte[0])).isEqualTo(plaintext);
  }

  @Test
  void convergent_sameContextAndPlaintext_sameCiphertext_otherwiseDifferent() {
    vault.createKey("c", new JsonObject().put("derived", true).put("convergent_encryption", true));
    byte[] p = "p".getBytes(StandardCharsets.UTF_8);
    byte[] ctxA = "a".getBytes(StandardCharsets.UTF_8);

    String first = encryptWithContext("c", p, ctxA);

    assertThat(encryptWithContext("c", p, ctxA)).isEqualTo(first);
    assertThat(encryptWithContext("c", p, "b".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(first);
    assertThat(encryptWithContext("c", "q".getBytes(StandardCharsets.UTF_8), ctxA)).isNotEqualTo(first);
  }

  @Test
  void derived_missingContext_vaultMessage() {
    vault.createKey("d", new JsonObject().put("derived", true));

    assertThat(vault.writeFails("encrypt/d", new JsonObject().put("plaintext", "")).errors().getFirst())
        .startsWith("missing 'context' for key derivation; the key was created using a derived key");
  }

  @Test
  void export_rules_vaultMessages() {
    vault.createKey("plain", new JsonObject());
    vault.createKey("e", new JsonObject().put("exportable", true));
    vault.write("keys/e/rotate", null);
    vault.write("keys/e/config", new JsonObject().put("min_decryption_version", 2));

    assertThat(vault.fails(Operation.READ, "export/encryption-key/plain", null).errors())
        .containsExactly("private key material is not exportable");
    assertThat(vault.fails(Operation.READ, "export/encryption-key/none", null).status()).isEqualTo(404);
    assertThat(vault.fails(Operation.READ, "export/bogus/e", null).errors()).containsExactly("invalid export type: bogus");
    assertThat(vault.fails(Operation.READ, "export/encryption-key/e/1", null).errors())
        .containsExactly("version for export is below minimum decryption version");
    assertThat(vault.fails(Operation.READ, "export/encryption-key/e/9", null).errors())
        .containsExactly("version does not exist or cannot be found");
    assertThat(vault.fails(Operation.READ, "export/encryption-key/e/x", null).errors())
        .containsExactly("invalid key version");
    assertThat(vault.read("export/encryption-key/e").data().getJsonObject("keys").fieldNames()).containsExactly("2");
    assertThat(vault.read("export/encryption-key/e/latest").data().getJsonObject("keys").fieldNames())
        .containsExactly("2");
  }

  private String encryptWithContext(String key, byte[] plaintext, byte[] context) {
    return vault.write("encrypt/" + key, new JsonObject()
        .put("plaintext", Base64.getEncoder().encodeToString(plaintext))
        .put("context", Base64.getEncoder().encodeToString(context))).data().getString("ciphertext");
  }

  private byte[] exportedKey(String name, int version) {
    JsonObject data = vault.read("export/encryption-key/" + name + "/v" + version).data();
    return Base64.getDecoder().decode(data.getJsonObject("keys").getString(Integer.toString(version)));
  }

  private static byte[] bcHkdf(byte[] ikm, byte[] info, int length) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, null, info));
    byte[] out = new byte[length];
    hkdf.generateBytes(out, 0, length);
    return out;
  }

  private static byte[] open(String type, byte[] key, String ciphertext, byte[] aad) throws Exception {
    byte[] body = Base64.getDecoder().decode(ciphertext.substring(ciphertext.indexOf(':', 6) + 1));
    byte[] nonce = Arrays.copyOf(body, 12);
    Cipher cipher;
    if (type.equals("chacha20-poly1305")) {
      cipher = Cipher.getInstance("ChaCha20-Poly1305");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
    } else {
      cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    }
    cipher.updateAAD(aad);
    return cipher.doFinal(body, 12, body.length - 12);
  }
}
