package dev.transitsidecar.contract;

import static dev.transitsidecar.contract.VaultAssertions.assertError;
import static dev.transitsidecar.contract.VaultAssertions.assertOk;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every single-form ciphertext error of docs/vault-api.md 1.8, each a 400 with the exact message. */
abstract class CiphertextErrorsContract extends ContractSupport {
  private static final String AUTH_FAILED = "cipher: message authentication failed";

  /** Label, ciphertext, expected message; decrypted with a fresh key that has one version. */
  static Stream<Arguments> malformedCiphertexts() {
    String body40 = b64(new byte[40]);
    return Stream.of(
        Arguments.of("no prefix", "nope", "invalid ciphertext: no prefix"),
        Arguments.of("other prefix", "vault:x1:" + body40, "invalid ciphertext: no prefix"),
        Arguments.of("no second colon", "vault:v1", "invalid ciphertext: wrong number of fields"),
        Arguments.of("version not a number", "vault:vX:" + body40, "invalid ciphertext: version number could not be decoded"),
        Arguments.of("version above latest", "vault:v2:" + body40, "invalid ciphertext: version is too new"),
        Arguments.of("payload not base64", "vault:v1:!!!!", "invalid ciphertext: could not decode base64"),
        Arguments.of("shorter than a nonce", "vault:v1:" + b64(new byte[5]), "invalid ciphertext length"),
        Arguments.of("shorter than nonce and tag", "vault:v1:" + b64(new byte[20]), AUTH_FAILED),
        Arguments.of("well-formed but forged", "vault:v1:" + body40, AUTH_FAILED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedCiphertexts")
  void decrypt_malformedCiphertext_returns400WithExactMessage(String label, String ciphertext, String message) {
    String key = createKey();
    assertError(transit("decrypt/" + key, item("ciphertext", ciphertext)), 400, message);
  }

  @Test
  void decrypt_everyTamperedByte_returns400AuthenticationFailed() {
    String key = createKey();
    String ciphertext = encrypt(key, "tamper me");
    byte[] body = unb64(ciphertext.substring("vault:v1:".length()));
    for (int i = 0; i < body.length; i += 7) {
      byte[] tampered = Arrays.copyOf(body, body.length);
      tampered[i] ^= 0x01;
      assertError(transit("decrypt/" + key, item("ciphertext", "vault:v1:" + b64(tampered))), 400, AUTH_FAILED);
    }
    assertOk(transit("decrypt/" + key, item("ciphertext", ciphertext)));
  }

  @Test
  void decrypt_truncatedTag_returns400AuthenticationFailed() {
    String key = createKey();
    byte[] body = unb64(encrypt(key, "cut").substring("vault:v1:".length()));
    byte[] truncated = Arrays.copyOf(body, body.length - 1);
    assertError(transit("decrypt/" + key, item("ciphertext", "vault:v1:" + b64(truncated))), 400, AUTH_FAILED);
  }

  @Test
  void decrypt_ciphertextOfOtherKey_returns400AuthenticationFailed() {
    String ciphertext = encrypt(createKey(), "not yours");
    assertError(transit("decrypt/" + createKey(), item("ciphertext", ciphertext)), 400, AUTH_FAILED);
  }
}
