package dev.transitsidecar.cache;

import dev.transitsidecar.auth.NotAuthenticated;
import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.config.CacheConfig;
import dev.transitsidecar.config.TransitConfig;
import dev.transitsidecar.http.StatusContributor;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.seen.DecryptedVersions;
import dev.transitsidecar.time.Scheduler;
import dev.transitsidecar.vault.VaultException;
import dev.transitsidecar.vault.VaultResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The decrypt cache (docs/secrets-and-cache.md). A single-item decrypt (see {@link DecryptRequest}) whose plaintext is at
 * most {@code cache.maxPlaintextBytes} is answered from locked memory for {@code cache.ttl}; after that the next
 * request goes to Vault, and while Vault is unreachable, answers 5xx, or the sidecar holds no valid token, the old
 * entry still answers up to {@code ttl + staleIfError}, when it is wiped. 4xx answers are never cached (and wipe
 * the entry they refused). Concurrent misses for one entry make one Vault call. Vault's plaintext goes from its
 * response bytes straight into the slab and the response buffer is wiped; a hit is written from the slab into a
 * buffer that the caller wipes once written.
 *
 * <p>Thread-safe; the future that {@link #decrypt} returns completes on the caller's Vert.x context.
 */
public final class DecryptCache implements AutoCloseable {
  private final TransitConfig transit;
  private final int maxPlaintextBytes;
  private final EntryTable table;
  private final DecryptedVersions seen;
  private final CacheMetrics metrics;
  private final PolicyCheck policy;
  private final LockedMemory memory;
  private final Map<CacheKey, Future<Outcome>> flights = new HashMap<>();

  private DecryptCache(CacheConfig config, TransitConfig transit, LockedMemory memory, VaultSession session,
      MeterRegistry registry, Clock clock, Scheduler scheduler, DecryptedVersions seen) {
    this.transit = transit;
    this.memory = memory;
    this.maxPlaintextBytes = config.maxPlaintextBytes();
    this.seen = seen;
    this.metrics = new CacheMetrics(registry);
    this.table = new EntryTable(memory, config.maxEntries(), config.ttl(), config.staleIfError(), clock, scheduler,
        metrics);
    metrics.countEntries(table::size);
    this.policy = new PolicyCheck(transit, session, table, scheduler, config.policyCheckInterval());
  }

  /**
   * A running cache: its metrics are registered and the periodic {@code min_decryption_version} check is scheduled.
   *
   * @param memory the process's slab; the cache takes slots from it and gives them back, but does not close it
   * @param session for the periodic key reads
   */
  public static DecryptCache start(CacheConfig config, TransitConfig transit, LockedMemory memory,
      VaultSession session, MeterRegistry registry, Clock clock, Scheduler scheduler) {
    DecryptedVersions seen = new DecryptedVersions(clock, config.ttl());
    seen.bindTo(registry);
    return start(config, transit, memory, session, registry, clock, scheduler, seen);
  }

  /**
   * As {@link #start(CacheConfig, TransitConfig, LockedMemory, VaultSession, MeterRegistry, Clock, Scheduler)},
   * recording the versions it decrypts into {@code seen} (shared with the master key's unwraps).
   */
  public static DecryptCache start(CacheConfig config, TransitConfig transit, LockedMemory memory,
      VaultSession session, MeterRegistry registry, Clock clock, Scheduler scheduler, DecryptedVersions seen) {
    DecryptCache cache = new DecryptCache(config, transit, memory, session, registry, clock, scheduler, seen);
    cache.policy.start();
    return cache;
  }

  /**
   * Answers {@code POST {mount}/decrypt/{transitKey}} with {@code body}, from the cache when it may, else through
   * {@code vault} (which sends the request as it came and answers whatever Vault answered). The answer's body is the
   * caller's: it writes it to the client and then wipes it. Fails as {@code vault} fails when no entry may serve.
   */
  public Future<VaultResponse> decrypt(String transitKey, Buffer body, Supplier<Future<VaultResponse>> vault) {
    DecryptRequest request = DecryptRequest.parse(transit.mount(), transitKey, body);
    Future<VaultResponse> answer = request.cacheable()
        .map(cacheable -> cached(cacheable, vault))
        .orElseGet(vault);
    return answer.andThen(result -> recordVersions(transitKey, request, result));
  }

  private void recordVersions(String transitKey, DecryptRequest request, AsyncResult<VaultResponse> result) {
    if (result.succeeded() && result.result().ok()) {
      seen.record(transit.mount(), transitKey, request.versions());
    }
  }

  private Future<VaultResponse> cached(DecryptRequest.Cacheable request, Supplier<Future<VaultResponse>> vault) {
    EntryTable.Found found = table.find(request.key());
    if (found.fresh().isPresent()) {
      metrics.hit();
      return answer(new Outcome.Cached(found.fresh().get(), false), vault);
    }
    metrics.miss();
    return onCallerContext(flight(request, found, vault))
        .compose(outcome -> answer(outcome, vault));
  }

  /** The Vault call for this entry: the one in flight, or a new one that this request leads. */
  private Future<Outcome> flight(DecryptRequest.Cacheable request, EntryTable.Found found,
      Supplier<Future<VaultResponse>> vault) {
    Promise<Outcome> lead = Promise.promise();
    synchronized (flights) {
      Future<Outcome> running = flights.get(request.key());
      if (running != null) {
        return running;
      }
      flights.put(request.key(), lead.future());
    }
    vault.get()
        .transform(result -> Future.succeededFuture(settle(request, found, result)))
        .onComplete(settled -> land(request.key(), lead, settled));
    return lead.future();
  }

  private void land(CacheKey key, Promise<Outcome> lead, AsyncResult<Outcome> settled) {
    synchronized (flights) {
      flights.remove(key);
    }
    lead.handle(settled);
  }

  /** Turns Vault's answer (or its absence) into what every waiter gets. Throws when nothing may answer. */
  private Outcome settle(DecryptRequest.Cacheable request, EntryTable.Found found, AsyncResult<VaultResponse> result) {
    if (result.failed()) {
      return stale(found, result.cause()).orElseThrow(() -> asRuntime(result.cause()));
    }
    VaultResponse response = result.result();
    if (response.status() >= 500) {
      return stale(found, null).orElse(new Outcome.Refused(response));
    }
    if (!response.ok()) {
      table.remove(request.key(), CacheMetrics.Reason.POLICY);
      return new Outcome.Refused(response);
    }
    return Admission.admit(request, response, maxPlaintextBytes, table);
  }

  /** The entry past its TTL, if it may still serve this failure (none for a failure that is not Vault's). */
  private Optional<Outcome> stale(EntryTable.Found found, Throwable failure) {
    boolean vaultFailed = failure == null || failure instanceof VaultException || failure instanceof NotAuthenticated;
    return found.stale()
        .filter(entry -> vaultFailed && table.servable(entry))
        .map(entry -> new Outcome.Cached(entry, true));
  }

  private Future<VaultResponse> answer(Outcome outcome, Supplier<Future<VaultResponse>> vault) {
    return switch (outcome) {
      case Outcome.Cached(Entry entry, boolean stale) -> fromSlab(entry, stale, vault);
      case Outcome.Refused(VaultResponse r) -> Future.succeededFuture(
          new VaultResponse(r.status(), r.contentType(), r.body().copy()));
      case Outcome.Uncacheable(VaultResponse r, var taken) -> taken.compareAndSet(false, true)
          ? Future.succeededFuture(r)
          : vault.get();
    };
  }

  /** The entry written into a new buffer; if it was wiped in the meantime, this request goes to Vault itself. */
  private Future<VaultResponse> fromSlab(Entry entry, boolean stale, Supplier<Future<VaultResponse>> vault) {
    Optional<Buffer> body = table.read(entry, HitResponse::of);
    if (body.isEmpty()) {
      return vault.get();
    }
    if (stale) {
      metrics.staleServe();
    }
    return Future.succeededFuture(new VaultResponse(200, HitResponse.CONTENT_TYPE, body.get()));
  }

  private static <T> Future<T> onCallerContext(Future<T> shared) {
    Context caller = Vertx.currentContext();
    return caller == null ? shared : Future.fromCompletionStage(shared.toCompletionStage(), caller);
  }

  private static RuntimeException asRuntime(Throwable failure) {
    return failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
  }

  /**
   * Per Transit key of {@code transit.mount}, the ciphertext versions decrypted within the last {@code cache.ttl}
   * and when (the master key's unwraps on that mount included).
   */
  public Map<String, Map<Integer, Instant>> seenVersions() {
    return seen.current().getOrDefault(transit.mount(), Map.of());
  }

  /** Every version seen, per mount and key: what the interlock asks for. */
  public DecryptedVersions seen() {
    return seen;
  }

  /**
   * The {@code cache} section of {@code GET /sidecar/v1/status}: counters, entries, locking, and the seen versions
   * per mount and key ({@code seen_versions: {"transit": {"kasten": {"3": "2026-11-29T12:00:00Z"}}}}).
   */
  public StatusContributor status() {
    return new StatusContributor() {
      @Override
      public String section() {
        return "cache";
      }

      @Override
      public JsonObject status() {
        return metrics.toJson().put("entries", table.size()).put("locked", memory.locked())
            .put("seen_versions", seen.toJson());
      }
    };
  }

  /**
   * Stops the periodic check, wipes every entry and removes the seen-version series. The slab itself stays open (it
   * is the process's).
   */
  @Override
  public void close() {
    policy.stop();
    table.clear();
    seen.unbind();
  }
}
