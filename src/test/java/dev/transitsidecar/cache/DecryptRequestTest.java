package dev.transitsidecar.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DecryptRequestTest {
  private static DecryptRequest parse(String json) {
    return DecryptRequest.parse("transit", "kasten", Buffer.buffer(json));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"ciphertext\":\"vault:v3:AAAA\"}",
      "{\"ciphertext\":\"vault:v3:AAAA\",\"context\":\"Y3R4\"}",
      "{\"ciphertext\":\"vault:v3:AAAA\",\"context\":\"Y3R4\",\"associated_data\":\"YWQ=\"}"})
  void parse_singleItem_cacheable(String json) {
    DecryptRequest request = parse(json);
    assertThat(request.cacheable()).hasValueSatisfying(c -> assertThat(c.version()).isEqualTo(3));
    assertThat(request.versions()).containsExactly(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"ciphertext\":\"vault:v3:AAAA\",\"nonce\":\"AAAA\"}",
      "{\"ciphertext\":\"vault:v3:AAAA\",\"reference\":\"r\"}",
      "{\"ciphertext\":\"vault:v3:AAAA\",\"context\":null}",
      "{\"ciphertext\":\"vault:v3:AAAA\",\"context\":12}",
      "{\"ciphertext\":\"vaultv3:AAAA\"}",
      "{\"ciphertext\":\"vault:vx:AAAA\"}",
      "{\"ciphertext\":\"vault:v0:AAAA\"}",
      "{\"ciphertext\":[\"vault:v1:AAAA\"]}",
      "{\"context\":\"Y3R4\"}",
      "{}",
      "{\"batch_input\":[{\"ciphertext\":\"vault:v1:AAAA\"}]}"})
  void parse_otherShapes_notCacheable(String json) {
    assertThat(parse(json).cacheable()).isEmpty();
  }

  @Test
  void parse_batch_everyVersion() {
    DecryptRequest request = parse("{\"batch_input\":[{\"ciphertext\":\"vault:v1:AAAA\"},"
        + "{\"ciphertext\":\"vault:v4:AAAA\"},{\"ciphertext\":\"junk\"},\"junk\"]}");
    assertThat(request.versions()).containsExactly(1, 4);
  }

  @Test
  void parse_noBody_notCacheable() {
    assertThat(DecryptRequest.parse("transit", "kasten", null).cacheable()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"vault:v1:AAAA,1", "vault:v12:AAAA,12", "vault:v:AAAA,-1", "vault:v1,-1", "v1:AAAA,-1",
      "vault:v99999999999:AAAA,-1"})
  void version_ofCiphertext(String ciphertext, int version) {
    assertThat(DecryptRequest.version(ciphertext)).isEqualTo(version);
  }
}
