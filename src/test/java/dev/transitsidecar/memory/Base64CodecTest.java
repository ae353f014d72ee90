package dev.transitsidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transitsidecar.config.LockMemory;
import io.vertx.core.buffer.Buffer;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Base64 straight into and out of the slab, against {@link java.util.Base64}. */
class Base64CodecTest {
  private final LockedMemory memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, LockMemory.PREFERRED);
  private final Random random = new Random(5);

  @AfterEach
  void close() {
    memory.close();
  }

  @Test
  void decodeBase64_everyLength0To200_matchesJdk() {
    for (int length = 0; length <= 200; length++) {
      byte[] plain = randomBytes(length);
      Buffer source = Buffer.buffer("{\"plaintext\":\"" + Base64.getEncoder().encodeToString(plain) + "\"}");
      int start = 14;
      try (SecretBytes secret = SecretBytes.decodeBase64(memory, source, start, source.length() - 2)) {
        assertThat(secret.length()).isEqualTo(length);
        assertThat(secret.exposeCopy()).isEqualTo(plain);
      }
    }
    assertThat(memory.used()).isZero();
  }

  @Test
  void decodeBase64_unpadded_matchesJdk() {
    for (int length = 0; length <= 40; length++) {
      byte[] plain = randomBytes(length);
      Buffer source = Buffer.buffer(Base64.getEncoder().withoutPadding().encodeToString(plain));
      try (SecretBytes secret = SecretBytes.decodeBase64(memory, source, 0, source.length())) {
        assertThat(secret.exposeCopy()).isEqualTo(plain);
      }
    }
  }

  @Test
  void encodeBase64To_everyLength0To200_matchesJdkAndKeepsThePrefix() {
    for (int length = 0; length <= 200; length++) {
      byte[] plain = randomBytes(length);
      Buffer target = Buffer.buffer(4).appendString("{\"plaintext\":\"");
      try (SecretBytes secret = SecretBytes.copyOf(memory, plain)) {
        secret.encodeBase64To(target);
      }
      assertThat(target.toString()).isEqualTo("{\"plaintext\":\"" + Base64.getEncoder().encodeToString(plain));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"c2VjcmV0LXZhbHVl!", "c2VjcmV0LXZhbHVlX", "c2Vj cmV0", "c2VjcmV0LXZhbHVl_-", "c2VjcmV0=x==",
      "=c2VjcmV0LXZhbHVl", "c2VjcmV0LXZhbHVl\n", "c2VjcmV0LXZhbHVlé"})
  void decodeBase64_invalid_failsWithoutRepeatingTheInput(String invalid) {
    Buffer source = Buffer.buffer(invalid);
    assertThatThrownBy(() -> SecretBytes.decodeBase64(memory, source, 0, source.length()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid base64")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2Vj").doesNotContain("LXZh"));
    assertThat(memory.used()).as("a failed decode frees its slot").isZero();
  }

  @Test
  void decodeBase64_rangeOutsideTheBuffer_fails() {
    Buffer source = Buffer.buffer("QUJD");
    assertThatThrownBy(() -> SecretBytes.decodeBase64(memory, source, 2, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("range");
    assertThatThrownBy(() -> SecretBytes.decodeBase64(memory, source, 3, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
