package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go-compatible decoding helpers and the crypto primitives, against Go's behaviour and RFC 5869. */
class TransitPrimitivesTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      ''           | ''
      Zm9v         | foo
      Zm8=         | fo
      Zg==         | f
      'Zm9v\\nZm9v' | foofoo
      """)
  void goBase64_valid_decodes(String encoded, String expected) {
    String input = encoded.replace("\\n", "\n");

    assertThat(new String(GoBase64.decode(input), StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      !        | 0
      Zm9v!    | 4
      Zg       | 0
      Zg=      | 3
      Zg=x     | 2
      Z===     | 1
      Zg==Zg== | 4
      Zm9vZ    | 4
      """)
  void goBase64_invalid_goOffsets(String encoded, int offset) {
    assertThatThrownBy(() -> GoBase64.decode(encoded))
        .isInstanceOf(ItemFailure.class)
        .hasMessage("illegal base64 data at input byte " + offset);
  }

  @Test
  void hkdf_rfc5869Case1_matches() {
    byte[] okm = TransitCrypto.hkdfSha256(HEX.parseHex("0b".repeat(22)), HEX.parseHex("000102030405060708090a0b0c"),
        HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);

    assertThat(HEX.formatHex(okm)).isEqualTo(
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @Test
  void hkdf_rfc5869Case3NoSaltNoInfo_matches() {
    byte[] okm = TransitCrypto.hkdfSha256(HEX.parseHex("0b".repeat(22)), new byte[0], new byte[0], 42);

    assertThat(HEX.formatHex(okm)).isEqualTo(
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  }

  @Test
  void hkdf_lengthOutOfRange_rejected() {
    assertThatThrownBy(() -> TransitCrypto.hkdfSha256(new byte[32], new byte[0], new byte[0], 255 * 32 + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid HKDF input");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      vault:v12:abc  | 12 | abc
      vault:v0:x:y   | 1  | x:y
      vault:v+3:     | 3  | ''
      """)
  void ciphertexts_parse_splitsOnFirstColon(String value, long version, String body) {
    Ciphertexts.Parsed parsed = Ciphertexts.parse(value);

    assertThat(parsed.version()).isEqualTo(version);
    assertThat(parsed.encodedBody()).isEqualTo(body);
  }
}
