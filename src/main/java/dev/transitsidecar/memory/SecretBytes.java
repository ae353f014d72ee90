package dev.transitsidecar.memory;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.vertx.core.buffer.Buffer;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One secret held in a {@link LockedMemory} slot. It has no {@code toString} of its own (Object's shows no content),
 * no {@code equals}/{@code hashCode} and no serialization. Bytes leave it only through the explicitly named methods
 * {@link #encodeBase64To}, {@link #exposeTo}, {@link #exposeWritableTo} and {@link #exposeCopy}. Closing it wipes
 * and frees the slot at once, or, when another thread is reading it at that moment, as soon as that read ends.
 * Thread-safe; any use after {@link #close()} throws {@link IllegalStateException}.
 */
public final class SecretBytes implements AutoCloseable {
  private static final int CLOSED = 1 << 30;

  private final LockedMemory memory;
  private final int offset;
  private final MemorySegment segment;
  /** Readers in progress, plus {@link #CLOSED} once closed; the slot is freed when it reaches exactly CLOSED. */
  private final AtomicInteger state = new AtomicInteger();

  SecretBytes(LockedMemory memory, int offset, MemorySegment segment) {
    this.memory = memory;
    this.offset = offset;
    this.segment = segment;
  }

  /**
   * Decodes standard base64 (Vault's {@code plaintext} field; padding optional) from {@code source[start, end)}
   * straight into a new slot of {@code memory}, without a heap copy of the decoded bytes.
   *
   * @throws IllegalArgumentException for invalid base64 or a bad range; the message never repeats the input
   * @throws SlabFullException when the slab has no room
   */
  public static SecretBytes decodeBase64(LockedMemory memory, Buffer source, int start, int end) {
    int length = Base64Codec.decodedLength(source, start, end);
    SecretBytes secret = memory.take(length);
    try {
      Base64Codec.decode(source, start, end, secret.segment);
      return secret;
    } catch (RuntimeException e) {
      secret.close();
      throw e;
    }
  }

  /** Copies {@code source} into a new slot (for key generation); the caller wipes its array. */
  public static SecretBytes copyOf(LockedMemory memory, byte[] source) {
    SecretBytes secret = memory.take(source.length);
    MemorySegment.copy(source, 0, secret.segment, JAVA_BYTE, 0, source.length);
    return secret;
  }

  /** Where the slot starts in the slab's data pages. */
  int offset() {
    return offset;
  }

  public int length() {
    return (int) segment.byteSize();
  }

  /**
   * Appends the standard base64 (padded) of the secret to {@code target}, growing it once up front so that no
   * partial copy is left behind by a reallocation. The caller owns wiping {@code target} once it is written out.
   */
  public void encodeBase64To(Buffer target) {
    exposeTo(bytes -> {
      Base64Codec.encode(segment, target);
      return null;
    });
  }

  /**
   * Gives read-only access to the bytes for the duration of {@code use} (for example to feed
   * {@code MessageDigest.update(ByteBuffer)} or {@code Mac.update(ByteBuffer)}). The buffer must not escape
   * {@code use}; it stops working when the slab closes.
   */
  public <T> T exposeTo(Function<ByteBuffer, T> use) {
    acquire();
    try {
      return use.apply(segment.asByteBuffer().asReadOnlyBuffer());
    } finally {
      release();
    }
  }

  /**
   * Gives writable access to the bytes for the duration of {@code use}, to fill a slot from {@code take} in place
   * (for example {@code Cipher.doFinal(ByteBuffer, ByteBuffer)}). The buffer must not escape {@code use}.
   */
  public <T> T exposeWritableTo(Function<ByteBuffer, T> use) {
    acquire();
    try {
      return use.apply(segment.asByteBuffer());
    } finally {
      release();
    }
  }

  /**
   * A transient heap copy for a JDK API that needs a {@code byte[]}. The CALLER must
   * {@code Arrays.fill(copy, (byte) 0)} it in {@code finally}.
   */
  public byte[] exposeCopy() {
    acquire();
    try {
      return segment.toArray(JAVA_BYTE);
    } finally {
      release();
    }
  }

  /** Whether both hold the same bytes, in time that depends only on the lengths. */
  public boolean equalsConstantTime(SecretBytes other) {
    acquire();
    try {
      other.acquire();
      try {
        return length() == other.length() && differences(segment, other.segment) == 0;
      } finally {
        other.release();
      }
    } finally {
      release();
    }
  }

  /** Wipes and frees the slot. Idempotent. */
  @Override
  public void close() {
    while (true) {
      int current = state.get();
      if ((current & CLOSED) != 0) {
        return;
      }
      if (state.compareAndSet(current, current | CLOSED)) {
        if (current == 0) {
          memory.free(offset);
        }
        return;
      }
    }
  }

  private static int differences(MemorySegment a, MemorySegment b) {
    int difference = 0;
    for (long i = 0; i < a.byteSize(); i++) {
      difference |= a.get(JAVA_BYTE, i) ^ b.get(JAVA_BYTE, i);
    }
    return difference;
  }

  private void acquire() {
    while (true) {
      int current = state.get();
      if ((current & CLOSED) != 0) {
        throw new IllegalStateException("the secret is closed");
      }
      memory.requireOpen();
      if (state.compareAndSet(current, current + 1)) {
        return;
      }
    }
  }

  private void release() {
    if (state.decrementAndGet() == CLOSED) {
      memory.free(offset);
    }
  }
}
