package dev.transitsidecar.memory;

import dev.transitsidecar.testing.LogCapture;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.transitsidecar.config.LockMemory;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slots: taking, exposing, comparing, wiping and freeing. */
class SecretBytesTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final LockedMemory memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, LockMemory.PREFERRED);

  @AfterEach
  void close() {
    memory.close();
  }

  @Test
  void take_givesAZeroedSlotAndCountsIt() {
    try (SecretBytes secret = memory.take(20)) {
      assertThat(secret.length()).isEqualTo(20);
      assertThat(secret.exposeCopy()).containsOnly(0);
      assertThat(memory.used()).isEqualTo(32);
      assertThat(memory.slots()).isEqualTo(1);
    }
    assertThat(memory.used()).isZero();
    assertThat(memory.slots()).isZero();
  }

  @Test
  void close_wipesTheSlotAtOnce_andTheSameRegionReadsBackZeros() {
    SecretBytes secret = SecretBytes.copyOf(memory, KEY);
    int offset = secret.offset();
    assertThat(slabBytes(offset, KEY.length)).isEqualTo(KEY);
    secret.close();
    assertThat(slabBytes(offset, KEY.length)).as("the slab itself, right after close").containsOnly(0);
    try (SecretBytes again = memory.take(KEY.length)) {
      assertThat(again.offset()).isEqualTo(offset);
      assertThat(again.exposeCopy()).containsOnly(0);
    }
  }

  @Test
  void take_fullSlab_failsWithSlabFullAndNoStackTrace() {
    int capacity = memory.capacity();
    SecretBytes all = memory.take(capacity);
    assertThatThrownBy(() -> memory.take(1))
        .isInstanceOf(SlabFullException.class)
        .hasMessage("the locked memory is full: 1 bytes requested, " + capacity + " of " + capacity
            + " bytes in use")
        .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    all.close();
    memory.take(1).close();
    assertThatThrownBy(() -> memory.take(capacity + 1)).isInstanceOf(SlabFullException.class);
  }

  @Test
  void exposeTo_feedsADigestFromTheSlab_readOnly() throws Exception {
    try (SecretBytes secret = SecretBytes.copyOf(memory, KEY)) {
      byte[] digest = secret.exposeTo(bytes -> {
        MessageDigest sha = sha256();
        sha.update(bytes);
        return sha.digest();
      });
      assertThat(digest).isEqualTo(MessageDigest.getInstance("SHA-256").digest(KEY));
      assertThatThrownBy(() -> secret.exposeTo(bytes -> bytes.put((byte) 1)))
          .isInstanceOf(ReadOnlyBufferException.class);
    }
  }

  @Test
  void exposeWritableTo_fillsTheSlotInPlace() {
    try (SecretBytes secret = memory.take(4)) {
      secret.exposeWritableTo(bytes -> bytes.put(new byte[] {1, 2, 3, 4}));
      assertThat(secret.exposeCopy()).containsExactly(1, 2, 3, 4);
    }
  }

  @Test
  void exposeCopy_isAnIndependentCopyTheCallerWipes() {
    try (SecretBytes secret = SecretBytes.copyOf(memory, KEY)) {
      byte[] copy = secret.exposeCopy();
      Wipe.array(copy);
      assertThat(copy).containsOnly(0);
      assertThat(secret.exposeCopy()).isEqualTo(KEY);
    }
  }

  @Test
  void equalsConstantTime_comparesContentAndLength() {
    byte[] other = KEY.clone();
    other[31] ^= 1;
    try (SecretBytes a = SecretBytes.copyOf(memory, KEY);
        SecretBytes b = SecretBytes.copyOf(memory, KEY);
        SecretBytes c = SecretBytes.copyOf(memory, other);
        SecretBytes shorter = SecretBytes.copyOf(memory, Arrays.copyOf(KEY, 31))) {
      assertThat(a.equalsConstantTime(b)).isTrue();
      assertThat(a.equalsConstantTime(a)).isTrue();
      assertThat(a.equalsConstantTime(c)).isFalse();
      assertThat(a.equalsConstantTime(shorter)).isFalse();
      assertThat(a).isNotEqualTo(b);
    }
  }

  @Test
  void toString_showsNoContent() {
    try (SecretBytes secret = SecretBytes.copyOf(memory, KEY)) {
      assertThat(secret.toString()).startsWith("dev.transitsidecar.memory.SecretBytes@")
          .doesNotContain("0123").doesNotContain("MDEy");
    }
  }

  @Test
  void closedSecret_refusesEveryAccess_andClosesTwiceQuietly() {
    SecretBytes secret = SecretBytes.copyOf(memory, KEY);
    secret.close();
    secret.close();
    assertThatThrownBy(secret::exposeCopy).isInstanceOf(IllegalStateException.class)
        .hasMessage("the secret is closed");
    assertThatThrownBy(() -> secret.encodeBase64To(Buffer.buffer())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> secret.exposeTo(ByteBuffer::remaining)).isInstanceOf(IllegalStateException.class);
    assertThat(memory.slots()).isZero();
  }

  @Test
  void closeInsideARead_freesWhenTheReadEnds() {
    SecretBytes secret = SecretBytes.copyOf(memory, KEY);
    int offset = secret.offset();
    secret.exposeTo(bytes -> {
      secret.close();
      assertThat(bytes.get(0)).isEqualTo(KEY[0]);
      assertThat(memory.slots()).isEqualTo(1);
      return null;
    });
    assertThat(memory.slots()).isZero();
    assertThat(slabBytes(offset, KEY.length)).containsOnly(0);
  }

  @Test
  void closedMemory_wipesEverything_andRefusesTakesAndReads() {
    LockedMemory other = LockedMemory.allocate(4096, LockMemory.PREFERRED);
    SecretBytes secret = SecretBytes.copyOf(other, KEY);
    other.close();
    other.close();
    assertThatThrownBy(() -> other.take(1)).isInstanceOf(IllegalStateException.class)
        .hasMessage("the locked memory is closed");
    assertThatThrownBy(secret::exposeCopy).isInstanceOf(IllegalStateException.class);
    secret.close();
  }

  @Test
  void concurrentTakesReadsAndCloses_leaveNothingBehind() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        runs.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            try (SecretBytes secret = SecretBytes.copyOf(memory, KEY)) {
              assertThat(secret.exposeCopy()).isEqualTo(KEY);
            }
          }
        }));
      }
      for (Future<?> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(memory.used()).isZero();
    assertThat(slabBytes(0, memory.capacity())).containsOnly(0);
  }

  @Test
  void wholeLifecycle_logsAndMessagesCarryNoSecret() {
    String secret = "c2VjcmV0LW1hc3Rlci1rZXktbWF0ZXJpYWw=";
    List<String> messages = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      LockedMemory small = LockedMemory.allocate(4096, LockMemory.PREFERRED);
      Buffer response = Buffer.buffer("{\"plaintext\":\"" + secret + "\"}");
      SecretBytes held = SecretBytes.decodeBase64(small, response, 14, response.length() - 2);
      Wipe.buffer(response);
      assertThat(response.getBytes()).containsOnly(0);
      for (String bad : List.of(secret + "!", secret.substring(1), "*" + secret)) {
        try {
          SecretBytes.decodeBase64(small, Buffer.buffer(bad), 0, bad.length());
        } catch (IllegalArgumentException e) {
          messages.add(e.getMessage());
        }
      }
      try {
        small.take(small.capacity());
      } catch (SlabFullException e) {
        messages.add(e.getMessage());
      }
      messages.add(held.toString());
      held.close();
      small.close();
      messages.addAll(logs.lines(Level.INFO));
      messages.addAll(logs.lines(Level.WARN));
    }
    assertThat(messages).hasSizeGreaterThan(4)
        .allSatisfy(m -> assertThat(m).doesNotContain("c2VjcmV0").doesNotContain("secret-master"));
  }

  private byte[] slabBytes(int offset, int length) {
    return memory.slab().data().asSlice(offset, length).toArray(JAVA_BYTE);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
