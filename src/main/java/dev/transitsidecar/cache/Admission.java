package dev.transitsidecar.cache;

import dev.transitsidecar.memory.Wipe;
import dev.transitsidecar.vault.PlaintextField;
import dev.transitsidecar.vault.VaultResponse;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * Whether Vault's 2xx decrypt answer goes into the cache: its {@code data.plaintext} must be found with certainty
 * ({@link PlaintextField}), be valid base64 and decode to 1..{@code maxPlaintextBytes} bytes, and the slab must
 * have room. When it goes in, the plaintext is decoded from the response bytes straight into the slab and the
 * response buffer is zeroed at once; every waiter then answers from the slab.
 */
final class Admission {
  private Admission() {}

  static Outcome admit(DecryptRequest.Cacheable request, VaultResponse response, int maxPlaintextBytes,
      EntryTable table) {
    Buffer body = response.body();
    Optional<PlaintextField.Range> range = PlaintextField.find(body)
        .filter(r -> decodedLength(body, r) > 0 && decodedLength(body, r) <= maxPlaintextBytes);
    if (range.isEmpty()) {
      return new Outcome.Uncacheable(response);
    }
    Optional<Entry> entry;
    try {
      entry = table.store(request, body, range.get().start(), range.get().end());
    } catch (IllegalArgumentException notBase64) {
      return new Outcome.Uncacheable(response);
    }
    if (entry.isEmpty()) {
      return new Outcome.Uncacheable(response);
    }
    Wipe.buffer(body);
    return new Outcome.Cached(entry.get(), false);
  }

  /** The length base64 {@code [start, end)} decodes to, or -1 when its length cannot be base64. */
  static int decodedLength(Buffer body, PlaintextField.Range range) {
    int length = range.length();
    if (length % 4 != 0) {
      return -1;
    }
    int padding = 0;
    for (int i = range.end() - 1; i >= range.start() && i >= range.end() - 2 && body.getByte(i) == '='; i--) {
      padding++;
    }
    return length / 4 * 3 - padding;
  }
}
