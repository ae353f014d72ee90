package dev.transitsidecar.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.keystore.Keystore;
import dev.transitsidecar.keystore.KeystoreException;
import dev.transitsidecar.keystore.KeystoreFile;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the keystore parser (what {@code KeystoreFile.read} and the sidecar's start read): valid keystores (a Transit
 * and a passphrase passkey) mutated in their JSON and in their bytes, and plain garbage. Every input is either a
 * keystore or the one-line {@link KeystoreException}, never another exception, within 5 s, without allocating more
 * than a small multiple of its size.
 */
@Tag("reliability")
class KeystoreFuzzTest {
  private static final Path SOURCE = Path.of("fuzz", "keystore.json");
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static ExecutorService parser;
  private static final AtomicLong INPUTS = new AtomicLong();
  private static final AtomicLong PARSED = new AtomicLong();
  private static final AtomicLong REFUSED = new AtomicLong();
  private static final AtomicLong MOST_ALLOCATED = new AtomicLong();

  @BeforeContainer
  static void start() {
    parser = Executors.newSingleThreadExecutor(r -> new Thread(r, "keystore-fuzz"));
  }

  @AfterContainer
  static void stop() {
    parser.shutdownNow();
    HostileInputReport.record(new HostileInputReport.Row("keystore parser", "valid keystores (Transit and "
        + "passphrase passkeys) mutated in the JSON tree and as bytes (flips, cuts, insertions), length bombs, "
        + "plain garbage", INPUTS.get(), "a keystore or a KeystoreException, nothing else, within 5 s; at most 64 "
        + "bytes allocated per input byte + 16 MiB", "parsed: " + PARSED.get() + ", refused: " + REFUSED.get()
        + "; most allocated by one parse: " + MOST_ALLOCATED.get() / 1024 + " KiB",
        "a file of any size was read whole (fixed: over 1 MiB is refused unread)"));
  }

  @Property(shrinking = ShrinkingMode.OFF)
  @ScaledTries(quick = 1_000, full = 20_000)
  void parse_isAKeystoreOrOneLineError_quickly_andSmall(@ForAll("keystores") byte[] input) throws Exception {
    INPUTS.incrementAndGet();
    Future<Object> outcome = parser.submit(() -> parseMeasured(input));
    Object result;
    try {
      result = outcome.get(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      outcome.cancel(true);
      throw new AssertionError("the parser hung on " + describe(input));
    }
    if (result instanceof Throwable t) {
      assertThat(t).as("parse of %s", describe(input)).isInstanceOf(KeystoreException.class);
      assertThat(t.getMessage()).doesNotContain("\n");
      REFUSED.incrementAndGet();
    } else {
      assertThat(result).isInstanceOf(Keystore.class);
      PARSED.incrementAndGet();
    }
  }

  /** The parse's result (or exception) after checking how much it allocated. */
  private static Object parseMeasured(byte[] input) {
    long id = Thread.currentThread().threadId();
    long before = THREADS.getThreadAllocatedBytes(id);
    Object result;
    try {
      result = KeystoreFile.parse(SOURCE, Buffer.buffer(input));
    } catch (RuntimeException | StackOverflowError e) {
      result = e;
    }
    long allocated = THREADS.getThreadAllocatedBytes(id) - before;
    MOST_ALLOCATED.accumulateAndGet(allocated, Math::max);
    if (allocated > 64L * input.length + 16 * 1024 * 1024) {
      return new AssertionError(allocated + " bytes allocated for an input of " + input.length);
    }
    return result;
  }

  @Provide
  Arbitrary<byte[]> keystores() {
    return Arbitraries.randomValue(r -> switch (r.nextInt(10)) {
      case 0, 1, 2, 3 -> JsonMutations.mutate(r, valid(r));
      case 4, 5 -> bytewise(r, valid(r).encodePrettily().getBytes(StandardCharsets.UTF_8));
      case 6 -> valid(r).encode().getBytes(StandardCharsets.UTF_8);
      case 7 -> bomb(r);
      case 8 -> JsonMutations.mutateText(r, valid(r).encode());
      default -> {
        byte[] garbage = new byte[r.nextInt(2_000)];
        r.nextBytes(garbage);
        yield garbage;
      }
    });
  }

  private static JsonObject valid(Random r) {
    JsonArray passkeys = new JsonArray().add(new JsonObject().put("name", "vault").put("type", "vault-transit")
        .put("mount", "transit").put("key", "kasten").put("ciphertext", "vault:v" + (1 + r.nextInt(9)) + ":"
            + b64(r, 44)).put("in_use", true).put("created", "2026-11-29T12:00:00Z"));
    if (r.nextBoolean()) {
      passkeys.add(new JsonObject().put("name", "recovery").put("type", "passphrase")
          .put("kdf", new JsonObject().put("alg", "argon2id").put("m", 65536).put("t", 3).put("p", 1)
              .put("salt", b64(r, 16)))
          .put("ciphertext", b64(r, 60)).put("in_use", false).put("created", "2026-11-29T12:00:00Z"));
    }
    return new JsonObject().put("version", 1).put("key_id", "0123456789abcdef").put("passkeys", passkeys);
  }

  private static String b64(Random r, int bytes) {
    byte[] raw = new byte[bytes];
    r.nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  private static byte[] bytewise(Random r, byte[] valid) {
    byte[] out = valid.clone();
    int changes = 1 + r.nextInt(4);
    for (int i = 0; i < changes && out.length > 0; i++) {
      int at = r.nextInt(out.length);
      switch (r.nextInt(4)) {
        case 0 -> out[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> out = java.util.Arrays.copyOf(out, at);
        case 2 -> out[at] = (byte) r.nextInt(256);
        default -> {
          byte[] longer = new byte[out.length + 1];
          System.arraycopy(out, 0, longer, 0, at);
          longer[at] = (byte) r.nextInt(256);
          System.arraycopy(out, at, longer, at + 1, out.length - at);
          out = longer;
        }
      }
    }
    return out;
  }

  /** Inputs that try to make the parser work or allocate hard: long strings, many passkeys, huge numbers. */
  private static byte[] bomb(Random r) {
    JsonObject keystore = valid(r);
    switch (r.nextInt(4)) {
      case 0 -> keystore.getJsonArray("passkeys").getJsonObject(0).put("ciphertext", "vault:v1:"
          + "A".repeat(100_000 + r.nextInt(900_000)));
      case 1 -> {
        JsonArray many = new JsonArray();
        for (int i = 0; i < 5_000; i++) {
          many.add(keystore.getJsonArray("passkeys").getJsonObject(0).copy().put("name", "p" + i));
        }
        keystore.put("passkeys", many);
      }
      case 2 -> keystore.put("version", new java.math.BigInteger("1" + "0".repeat(2_000 + r.nextInt(20_000))));
      default -> keystore.getJsonArray("passkeys").getJsonObject(0).put("created", "+" + "9".repeat(r.nextInt(5_000))
          + "-11-29T12:00:00Z");
    }
    return keystore.encode().getBytes(StandardCharsets.UTF_8);
  }

  private static String describe(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    return input.length + " bytes: " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
  }
}
