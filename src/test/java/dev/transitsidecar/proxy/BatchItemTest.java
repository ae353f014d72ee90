package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which single-item bodies a batch item can express, and how they become one. */
class BatchItemTest {
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "ENCRYPT|{\"plaintext\":\"aGk=\"}|true",
      "ENCRYPT|{\"plaintext\":\"\"}|true",
      "ENCRYPT| {\"plaintext\":\"aGk=\",\"context\":\"Yw==\",\"key_version\":2,\"associated_data\":\"YQ==\"} |true",
      "ENCRYPT|{\"plaintext\":\"aGk=\",\"padding_scheme\":\"oaep\"}|true",
      "ENCRYPT|{\"plaintext\":\"aGk=\",\"key_version\":\"2\"}|false",
      "ENCRYPT|{\"plaintext\":\"aGk=\",\"key_version\":-1}|false",
      "ENCRYPT|{\"plaintext\":\"aGk=\",\"key_version\":1.0}|false",
      "ENCRYPT|{\"plaintext\":\"aGk=\",\"nonce\":\"AAAA\"}|false",
      "ENCRYPT|{\"plaintext\":\"aGk=\",\"partial_failure_response_code\":207}|false",
      "ENCRYPT|{\"plaintext\":\"aGk=\",\"type\":\"chacha20-poly1305\"}|false",
      "ENCRYPT|{\"plaintext\":\"aGk=\",\"reference\":\"x\"}|false",
      "ENCRYPT|{\"plaintext\":\"aGk=\",\"unknown\":\"x\"}|false",
      "ENCRYPT|{\"plaintext\":null}|false",
      "ENCRYPT|{\"plaintext\":\"aGk=\",\"plaintext\":\"aGk=\"}|false",
      "ENCRYPT|{\"batch_input\":[{\"plaintext\":\"aGk=\"}]}|false",
      "ENCRYPT|{\"context\":\"Yw==\"}|false",
      "ENCRYPT|{}|false",
      "DECRYPT|{\"ciphertext\":\"vault:v1:abc\"}|true",
      "DECRYPT|{\"ciphertext\":\"vault:v1:abc\",\"context\":\"Yw==\",\"associated_data\":\"YQ==\"}|true",
      "DECRYPT|{\"ciphertext\":\"\"}|false",
      "DECRYPT|{\"ciphertext\":\"vault:v1:abc\",\"key_version\":1}|false",
      "DECRYPT|{\"ciphertext\":\"vault:v1:abc\",\"nonce\":\"AAAA\"}|false"})
  void of_body_joinableOnlyWhenABatchItemSaysTheSame(BatchItem.Op op, String body, boolean joinable) {
    assertThat(BatchItem.of(op, Buffer.buffer(body)).isPresent()).as(body).isEqualTo(joinable);
  }

  @Test
  void of_contextPresence_emptyContextCountsAsNone() {
    assertThat(BatchItem.of(BatchItem.Op.DECRYPT, Buffer.buffer("{\"ciphertext\":\"c\",\"context\":\"Yw==\"}"))
        .orElseThrow().withContext()).isTrue();
    assertThat(BatchItem.of(BatchItem.Op.DECRYPT, Buffer.buffer("{\"ciphertext\":\"c\",\"context\":\"\"}"))
        .orElseThrow().withContext()).isFalse();
  }

  @Test
  void appendAsItem_bodyFieldsPlusReference() {
    Buffer batch = Buffer.buffer("[");
    BatchItem.of(BatchItem.Op.ENCRYPT, Buffer.buffer(" {\"plaintext\":\"aGk=\",\"key_version\":1}\n"))
        .orElseThrow().appendAsItem(batch, 7);
    batch.appendString("]");

    assertThat(new JsonArray(batch)).containsExactly(
        new JsonObject().put("reference", "7").put("plaintext", "aGk=").put("key_version", 1));
  }
}
