package dev.transitsidecar.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** RFC 5869 appendix A (the SHA-256 cases 1 to 3), and HKDF and HMAC checked against independent implementations. */
class HkdfTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest(name = "RFC 5869 A.{0}")
  @CsvSource({
      "1, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, 000102030405060708090a0b0c, f0f1f2f3f4f5f6f7f8f9, 42,"
          + " 3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
      "2, 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
          + "303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f,"
          + " 606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f"
          + "909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf,"
          + " b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
          + "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff, 82,"
          + " b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09"
          + "da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87",
      "3, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, '', '', 42,"
          + " 8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
  })
  void derive_rfc5869Vectors_match(int testCase, String ikm, String salt, String info, int length, String okm) {
    byte[] out = Hkdf.derive(ByteBuffer.wrap(HEX.parseHex(ikm)), HEX.parseHex(salt), HEX.parseHex(info), length);
    assertThat(HEX.formatHex(out)).as("case " + testCase).isEqualTo(okm);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 16, 31, 32, 33, 64, 65, 255 * 32})
  void derive_anyLength_matchesBouncyCastle(int length) {
    Random random = new Random(length);
    byte[] ikm = new byte[32];
    byte[] info = new byte[1 + random.nextInt(300)];
    random.nextBytes(ikm);
    random.nextBytes(info);
    HKDFBytesGenerator bc = new HKDFBytesGenerator(new SHA256Digest());
    bc.init(new HKDFParameters(ikm, new byte[0], info));
    byte[] expected = new byte[length];
    bc.generateBytes(expected, 0, length);

    assertThat(Hkdf.derive(ByteBuffer.wrap(ikm), new byte[0], info, length)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32, 63, 64, 65, 200})
  void hmacSha256_keysOfEveryLength_matchTheJdkMac(int keyLength) throws Exception {
    byte[] key = new byte[keyLength];
    new Random(keyLength).nextBytes(key);
    byte[] message = "what ho".getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(keyLength == 0 ? new byte[1] : key, "HmacSHA256"));
    byte[] expected = keyLength == 0 ? null : mac.doFinal(message);

    byte[] actual = Hkdf.hmacSha256(ByteBuffer.wrap(key), ByteBuffer.wrap(message));

    if (expected != null) {
      assertThat(actual).isEqualTo(expected);
    } else {
      // The JDK refuses an empty key; an empty key is 64 zero bytes in RFC 2104, as is a one-byte zero key.
      assertThat(actual).isEqualTo(Hkdf.hmacSha256(ByteBuffer.wrap(new byte[1]), ByteBuffer.wrap(message)));
    }
  }

  @Test
  void keyId_isTheFirstEightBytesOfTheLabelledHmac_inLowercaseHex() throws Exception {
    byte[] master = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(master, "HmacSHA256"));
    byte[] full = mac.doFinal("transit-sidecar:key-id:v1".getBytes(StandardCharsets.US_ASCII));

    assertThat(Hkdf.keyId(ByteBuffer.wrap(master))).isEqualTo(HEX.formatHex(full, 0, 8)).matches("[0-9a-f]{16}");
  }

  @Test
  void derive_readsTheKeyBufferWithoutMovingIt() {
    ByteBuffer key = ByteBuffer.allocateDirect(32).asReadOnlyBuffer();
    Hkdf.derive(key, new byte[0], new byte[] {1}, 32);
    assertThat(key.position()).isZero();
    assertThat(key.remaining()).isEqualTo(32);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 255 * 32 + 1})
  void derive_lengthOutOfRange_failsBeforeAnyWork(int length) {
    assertThatThrownBy(() -> Hkdf.derive(ByteBuffer.allocate(32), new byte[0], new byte[0], length))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid HKDF output length");
  }
}
