package dev.transitsidecar.derive;

import dev.transitsidecar.derive.DeriveRequest.Item;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.memory.SecretBytes;
import dev.transitsidecar.memory.Wipe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys derived from the master key (docs/design.md, "Derived keys"): {@code OKM = HKDF-SHA256(IKM = master key, salt = empty,
 * info = "transit-sidecar:derive:v1:" || context, L = length)}. Each derived key is computed over the slab
 * ({@link Hkdf}), moved into a {@link SecretBytes} slot, written as base64 straight into the answer buffer, and its
 * slot closed; the answer buffer is the caller's to wipe once sent. Each key is one audit line (logger
 * {@code dev.transitsidecar.derive.audit}: time, the first 8 bytes of the context's SHA-256, length, key_id, caller),
 * never key material. Metric: {@code transit_sidecar_derive_total{result}}.
 */
public final class DerivedKeys {
  static final String ALGORITHM = "HKDF-SHA256";
  private static final Logger AUDIT = LoggerFactory.getLogger("dev.transitsidecar.derive.audit");
  private static final byte[] INFO_PREFIX = "transit-sidecar:derive:v1:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_SALT = new byte[0];
  private static final byte[] SINGLE_OPEN = ascii("{\"data\":");
  private static final byte[] BATCH_OPEN = ascii("{\"data\":{\"batch_results\":[");
  private static final byte[] KEY_OPEN = ascii("{\"key\":\"");
  private static final byte[] NEXT_KEY_OPEN = ascii(",{\"key\":\"");
  private static final byte[] ITEM_CLOSE = ascii("}");
  private static final byte[] BATCH_CLOSE = ascii("]}}");

  private final KeySource master;
  private final LockedMemory memory;
  private final Clock clock;
  private final Counter ok;
  private final Counter unavailable;
  private final Counter badRequest;
  private volatile Tails tails = new Tails("", new byte[0][]);

  public DerivedKeys(KeySource master, LockedMemory memory, MeterRegistry registry, Clock clock) {
    this.master = master;
    this.memory = memory;
    this.clock = clock;
    this.ok = result(registry, "ok");
    this.unavailable = result(registry, "unavailable");
    this.badRequest = result(registry, "bad_request");
  }

  /** The answer body for a checked request; fails with a 503 {@code SidecarException} when the key is unavailable. */
  Future<Buffer> derive(DeriveRequest request, Object caller) {
    return master.use((key, keyId) -> key.exposeTo(view -> answer(view, keyId, request, caller)));
  }

  void countBadRequest() {
    badRequest.increment();
  }

  /** Counts a derive that was answered ({@code ok}) or failed ({@code unavailable}). */
  void countAnswer(AsyncResult<?> derived) {
    (derived.succeeded() ? ok : unavailable).increment();
  }

  private static Counter result(MeterRegistry registry, String result) {
    return Counter.builder("transit_sidecar_derive_total").description("Derive requests, by result")
        .tag("result", result).register(registry);
  }

  private Buffer answer(ByteBuffer key, String keyId, DeriveRequest request, Object caller) {
    Buffer out = Buffer.buffer(capacity(request.items()));
    out.appendBytes(request.batch() ? BATCH_OPEN : SINGLE_OPEN);
    for (int i = 0; i < request.items().size(); i++) {
      Item item = request.items().get(i);
      out.appendBytes(i == 0 ? KEY_OPEN : NEXT_KEY_OPEN);
      writeKey(key, item, out);
      out.appendBytes(tail(keyId, item.length()));
      if (request.batch()) {
        out.appendString(",\"reference\":" + Json.encode(item.reference().orElse("")));
      }
      out.appendBytes(ITEM_CLOSE);
      audit(item, keyId, caller);
    }
    out.appendBytes(request.batch() ? BATCH_CLOSE : ITEM_CLOSE);
    return out;
  }

  /**
   * What follows a key in its item, up to the reference: {@code ","key_id":"...","algorithm":"HKDF-SHA256",
   * "length":n}, built for every length at once per key_id (a racing build makes the same bytes). Built whole before
   * the record that holds them is made, so another event loop that sees the record sees every array filled (the
   * record's final field publishes them; a slot filled later would not be).
   */
  private byte[] tail(String keyId, int length) {
    Tails current = tails;
    if (!current.keyId().equals(keyId)) {
      byte[][] byLength = new byte[DeriveRequest.MAX_LENGTH + 1][];
      for (int n = 0; n < byLength.length; n++) {
        byLength[n] = ("\",\"key_id\":\"" + keyId + "\",\"algorithm\":\"" + ALGORITHM + "\",\"length\":" + n)
            .getBytes(StandardCharsets.US_ASCII);
      }
      current = new Tails(keyId, byLength);
      tails = current;
    }
    return current.byLength()[length];
  }

  /** The answer tails of one key_id, by length. */
  private record Tails(String keyId, byte[][] byLength) {}

  private void writeKey(ByteBuffer key, Item item, Buffer out) {
    byte[] okm = Hkdf.derive(key, NO_SALT, info(item.context()), item.length());
    try (SecretBytes derived = SecretBytes.copyOf(memory, okm)) {
      derived.encodeBase64To(out);
    } finally {
      Wipe.array(okm);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] info(byte[] context) {
    byte[] info = new byte[INFO_PREFIX.length + context.length];
    System.arraycopy(INFO_PREFIX, 0, info, 0, INFO_PREFIX.length);
    System.arraycopy(context, 0, info, INFO_PREFIX.length, context.length);
    return info;
  }

  /** Room for the whole answer up front, so no reallocation leaves a partial copy of a key behind. */
  private static int capacity(List<Item> items) {
    int total = 64;
    for (Item item : items) {
      total += 160 + 6 * item.reference().map(String::length).orElse(0);
    }
    return total;
  }

  private void audit(Item item, String keyId, Object caller) {
    if (!AUDIT.isInfoEnabled()) {
      return;
    }
    AUDIT.info("derive time={} context_sha256={} length={} key_id={} caller={}", clock.instant(),
        contextDigest(item.context()), item.length(), keyId, caller);
  }

  static String contextDigest(byte[] context) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(context), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
