package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.vault.VaultResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Splitting a batch answer into single answers: by reference, in place, and only when sure. */
class BatchAnswerTest {
  private static final String ENVELOPE = "{\"request_id\":\"r-1\",\"lease_id\":\"\",\"data\":%s,\"warnings\":null}";

  private static VaultResponse batch(int status, String results) {
    return new VaultResponse(status, "application/json",
        Buffer.buffer(ENVELOPE.formatted("{\"batch_results\":" + results + "}")));
  }

  private static List<VaultResponse> split(BatchItem.Op op, VaultResponse batch, int size) {
    return BatchAnswer.split(op, batch, size).orElseThrow();
  }

  @Test
  void split_decryptOutOfOrder_mappedByReference() {
    VaultResponse batch = batch(400, "[{\"plaintext\":\"\",\"error\":\"cipher: message authentication failed\","
        + "\"reference\":\"1\"},{\"plaintext\":\"aGk=\",\"reference\":\"0\"}]");

    List<VaultResponse> answers = split(BatchItem.Op.DECRYPT, batch, 2);

    assertThat(answers.get(0).status()).isEqualTo(200);
    JsonObject single = new JsonObject(answers.get(0).body());
    assertThat(single.getJsonObject("data")).isEqualTo(new JsonObject().put("plaintext", "aGk="));
    assertThat(single.getString("request_id")).isEqualTo("r-1");
    assertThat(single.containsKey("warnings")).isTrue();
    assertThat(answers.get(1).status()).isEqualTo(400);
    assertThat(answers.get(1).body().toString()).isEqualTo("{\"errors\":[\"cipher: message authentication failed\"]}");
  }

  @Test
  void split_encryptItem_singleFormData() {
    VaultResponse batch = batch(200, "[{\"ciphertext\":\"vault:v2:abc\",\"key_version\":2,\"reference\":\"0\"},"
        + "{\"ciphertext\":\"vault:v2:def\",\"key_version\":2,\"reference\":\"1\"}]");

    List<VaultResponse> answers = split(BatchItem.Op.ENCRYPT, batch, 2);

    assertThat(new JsonObject(answers.get(1).body()).getJsonObject("data"))
        .isEqualTo(new JsonObject().put("ciphertext", "vault:v2:def").put("key_version", 2));
  }

  @Test
  void split_batchStatus500_itemErrorsAre500() {
    VaultResponse batch = batch(500, "[{\"error\":\"internal\",\"reference\":\"0\"},"
        + "{\"error\":\"internal\",\"reference\":\"1\"}]");

    assertThat(split(BatchItem.Op.ENCRYPT, batch, 2)).allSatisfy(a -> assertThat(a.status()).isEqualTo(500));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "403|{\"errors\":[\"permission denied\"]}",
      "503|{\"errors\":[\"Vault is sealed\"]}",
      "400|{\"errors\":[\"encryption key not found\"]}",
      "500|{\"errors\":[\"internal error\"]}"})
  void split_notABatchResult_everyMemberGetsACopy(int status, String body) {
    VaultResponse batch = new VaultResponse(status, "application/json", Buffer.buffer(body));

    List<VaultResponse> answers = split(BatchItem.Op.DECRYPT, batch, 3);

    assertThat(answers).hasSize(3).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(status);
      assertThat(a.body().toString()).isEqualTo(body);
      assertThat(a.body()).isNotSameAs(batch.body());
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[{\"plaintext\":\"aGk=\",\"reference\":\"0\"},{\"plaintext\":\"aGk=\",\"reference\":\"0\"}]",
      "[{\"plaintext\":\"aGk=\",\"reference\":\"0\"},{\"plaintext\":\"aGk=\",\"reference\":\"2\"}]",
      "[{\"plaintext\":\"aGk=\",\"reference\":\"0\"},{\"plaintext\":\"aGk=\"}]",
      "[{\"plaintext\":\"aGk=\",\"reference\":\"0\"}]",
      "[{\"plaintext\":\"aGk=\",\"reference\":\"0\"},{\"reference\":\"1\"}]",
      "[{\"plaintext\":\"aGk=\",\"reference\":\"0\"},{\"plaintext\":\"aGk=\",\"reference\":\"1\",\"reference\":\"1\"}]",
      "[{\"plaintext\":\"aGk=\",\"reference\":\"0\"},{\"plaintext\":\"aGk=\",\"reference\":\"\\u0031\"}]",
      "[{\"plaintext\":\"aGk=\",\"reference\":\"0\"},{\"plaintext\":\"aGk=\",\"reference\":\"1\"}"})
  void split_200NotMatchableWithCertainty_empty(String results) {
    assertThat(BatchAnswer.split(BatchItem.Op.DECRYPT, batch(200, results), 2)).isEqualTo(Optional.empty());
  }
}
