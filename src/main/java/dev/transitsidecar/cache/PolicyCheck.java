package dev.transitsidecar.cache;

import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.config.TransitConfig;
import dev.transitsidecar.time.Cancellable;
import dev.transitsidecar.time.Scheduler;
import dev.transitsidecar.vault.VaultRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code cache.policyCheckInterval}, reads each configured Transit key ({@code GET {mount}/keys/{key}} with
 * the sidecar's token) and wipes at once the entries whose ciphertext version fell below the key's
 * {@code min_decryption_version}. A failed read is logged at debug and tried again at the next interval (a Vault
 * that does not answer is the health probe's to report).
 */
final class PolicyCheck {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyCheck.class);

  private final TransitConfig transit;
  private final VaultSession session;
  private final EntryTable table;
  private final Scheduler scheduler;
  private final Duration interval;
  private Cancellable next = () -> {};
  private boolean stopped;

  PolicyCheck(TransitConfig transit, VaultSession session, EntryTable table, Scheduler scheduler, Duration interval) {
    this.transit = transit;
    this.session = session;
    this.table = table;
    this.scheduler = scheduler;
    this.interval = interval;
  }

  synchronized void start() {
    if (!stopped) {
      next = scheduler.schedule(interval, this::run);
    }
  }

  synchronized void stop() {
    stopped = true;
    next.cancel();
  }

  private void run() {
    start();
    transit.keys().forEach(this::check);
  }

  /** Reads one key and wipes what its {@code min_decryption_version} no longer allows. */
  Future<Integer> check(String key) {
    String uri = "/v1/" + transit.mount() + "/keys/" + key;
    return session.call("transit/keys/read", VaultRequest.get(uri))
        .map(PolicyCheck::minDecryptionVersion)
        .map(min -> table.removeBelow(key, min))
        .onSuccess(wiped -> logWiped(key, wiped))
        .onFailure(e -> LOG.debug("cache: reading Transit key {} for its min_decryption_version failed: {}", key,
            e.getMessage()));
  }

  private static int minDecryptionVersion(JsonObject envelope) {
    JsonObject data = envelope.getJsonObject("data");
    Integer min = data == null ? null : data.getInteger("min_decryption_version");
    return min == null ? 1 : min;
  }

  private static void logWiped(String key, int wiped) {
    if (wiped > 0) {
      LOG.info("cache: wiped {} entries of Transit key {} below its min_decryption_version", wiped, key);
    }
  }
}
