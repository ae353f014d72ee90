package dev.transitsidecar.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.vault.PlaintextField;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  @Test
  void decodedLength_paddingCounted() {
    Buffer body = Buffer.buffer("\"aGVsbG8gd29ybGQ=\"\"AAAA\"\"AA==\"\"abc\"");
    assertThat(Admission.decodedLength(body, new PlaintextField.Range(1, 17))).isEqualTo(11);
    assertThat(Admission.decodedLength(body, new PlaintextField.Range(19, 23))).isEqualTo(3);
    assertThat(Admission.decodedLength(body, new PlaintextField.Range(25, 29))).isEqualTo(1);
    assertThat(Admission.decodedLength(body, new PlaintextField.Range(31, 34))).isEqualTo(-1);
  }
}
