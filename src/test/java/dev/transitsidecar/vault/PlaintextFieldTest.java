package dev.transitsidecar.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaintextFieldTest {
  private static final String VAULT = "{\"request_id\":\"0e3b4c9f-5a1b-4b64-9c3e-0d2f7a1b2c3d\",\"lease_id\":\"\","
      + "\"renewable\":false,\"lease_duration\":0,\"data\":{\"plaintext\":\"aGVsbG8gd29ybGQ=\"},"
      + "\"wrap_info\":null,\"warnings\":null,\"auth\":null,\"mount_type\":\"transit\"}";

  private static String found(String json) {
    Buffer body = Buffer.buffer(json);
    return PlaintextField.find(body).map(r -> body.getString(r.start(), r.end())).orElse(null);
  }

  @Test
  void find_vaultEnvelope_theValueRange() {
    assertThat(found(VAULT)).isEqualTo("aGVsbG8gd29ybGQ=");
  }

  @Test
  void find_prettyPrintedWithOtherMembers_theValueRange() {
    String json = "{\n  \"warnings\": [\"a \\\"quoted\\\" {warning}\", 1, -2.5E3, true],\n  \"data\" : {\n"
        + "    \"key_version\": 3, \"extra\": {\"plaintext\": \"nested\"},\n    \"plaintext\" : \"AAEC\"\n  }\n}\n";
    assertThat(found(json)).isEqualTo("AAEC");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"data\":{\"plaintext\":\"aGVs\\u0062G8=\"}}",
      "{\"data\":{\"plaintext\":\"aGVs\",\"plaintext\":\"AAAA\"}}",
      "{\"data\":{\"plaintext\":\"aGVs\"},\"data\":{\"plaintext\":\"AAAA\"}}",
      "{\"data\":{\"pl\\u0061intext\":\"aGVs\"}}",
      "{\"data\":{\"plaintext\":\"aGVs\"}} trailing",
      "{\"data\":{\"plaintext\":\"aGVs\"}",
      "{\"data\":{\"plaintext\":\"aGVs",
      "{\"data\":\"plaintext\"}",
      "{\"data\":{\"plaintext\":null}}",
      "{\"data\":{\"plaintext\":12}}",
      "{\"data\":{\"other\":{\"plaintext\":\"aGVs\"}}}",
      "{\"plaintext\":\"aGVs\"}",
      "[{\"data\":{\"plaintext\":\"aGVs\"}}]",
      "{\"data\":{\"plaintext\":\"aGVs\"} \"x\":1}",
      "{\"a\":[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]],\"data\":{\"plaintext\":\"aGVs\"}}",
      ""})
  void find_anyDoubt_empty(String json) {
    assertThat(found(json)).isNull();
  }
}
