package dev.transitsidecar.cache;

import dev.transitsidecar.auth.NotAuthenticated;
import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.config.CacheConfig;
import dev.transitsidecar.config.TransitConfig;
import dev.transitsidecar.http.StatusContributor;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.memory.Wipe;
import dev.transitsidecar.time.RefreshPoint;
import dev.transitsidecar.seen.DecryptedVersions;
import dev.transitsidecar.time.Scheduler;
import dev.transitsidecar.vault.VaultException;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The decrypt cache (docs/secrets-and-cache.md). A single-item decrypt (see {@link DecryptRequest}) whose plaintext is at
 * most {@code cache.maxPlaintextBytes} is answered from locked memory for {@code cache.ttl}. An entry that a request
 * used since it was stored is fetched again in the background at its refresh point (75 to 85 % of the TTL, see
 * {@link RefreshPoint}), through the same single flight as a miss, so a used entry never expires while Vault answers;
 * an unused one expires, and the next request for it goes to Vault. Past the TTL, while a Vault call for the entry is
 * in flight or the last one failed (unreachable, 5xx, no valid token), the old entry is served at once
 * (stale-while-revalidate) up to {@code ttl + staleIfError}, when it is wiped; otherwise a request past the TTL waits
 * for Vault, which serves it stale if Vault fails. While Vault fails, a used entry is tried again at most once per
 * {@link #RETRY_PAUSE}. 4xx answers are never cached (and wipe the entry they refused). Concurrent misses for one
 * entry make one Vault call. Vault's plaintext goes from its response bytes straight into the slab and the response
 * buffer is wiped; a hit is written from the slab into a buffer that the caller wipes once written.
 *
 * <p>Thread-safe; the future that {@link #decrypt} returns completes on the caller's Vert.x context.
 */
public final class DecryptCache implements AutoCloseable {
  /** While Vault fails, how often a used entry is tried again (on its next use). */
  static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final TransitConfig transit;
  private final VaultSession session;
  private final int maxPlaintextBytes;
  private final EntryTable table;
  private final DecryptedVersions seen;
  private final CacheMetrics metrics;
  private final PolicyCheck policy;
  private final LockedMemory memory;
  private final Map<CacheKey, Future<Outcome>> flights = new HashMap<>();
  private volatile boolean closed;
  private volatile boolean refreshingAhead = true;

  /** One Vault call for an entry, and whether the caller started it (or joined one in flight). */
  private record Flight(Future<Outcome> outcome, boolean led) {}

  private DecryptCache(CacheConfig config, TransitConfig transit, LockedMemory memory, VaultSession session,
      MeterRegistry registry, Clock clock, Scheduler scheduler, DoubleSupplier random, DecryptedVersions seen) {
    this.transit = transit;
    this.session = session;
    this.memory = memory;
    this.maxPlaintextBytes = config.maxPlaintextBytes();
    this.seen = seen;
    this.metrics = new CacheMetrics(registry);
    this.table = new EntryTable(memory, config.maxEntries(), config.ttl(), config.staleIfError(), clock, scheduler,
        metrics, new RefreshPoint(config.ttl(), random), this::refreshDue);
    metrics.countEntries(table::size);
    this.policy = new PolicyCheck(transit, session, table, scheduler, config.policyCheckInterval());
  }

  /**
   * A running cache: its metrics are registered and the periodic {@code min_decryption_version} check is scheduled.
   *
   * @param memory the process's slab; the cache takes slots from it and gives them back, but does not close it
   * @param session for the periodic key reads and for fetching used entries again ahead of their TTL
   * @param random draws each entry's refresh point (uniform in [0, 1))
   */
  public static DecryptCache start(CacheConfig config, TransitConfig transit, LockedMemory memory,
      VaultSession session, MeterRegistry registry, Clock clock, Scheduler scheduler, DoubleSupplier random) {
    DecryptedVersions seen = new DecryptedVersions(clock, config.ttl());
    seen.bindTo(registry);
    return start(config, transit, memory, session, registry, clock, scheduler, random, seen);
  }

  /**
   * As {@link #start(CacheConfig, TransitConfig, LockedMemory, VaultSession, MeterRegistry, Clock, Scheduler,
   * DoubleSupplier)}, recording the versions it decrypts into {@code seen} (shared with the master key's unwraps).
   */
  public static DecryptCache start(CacheConfig config, TransitConfig transit, LockedMemory memory,
      VaultSession session, MeterRegistry registry, Clock clock, Scheduler scheduler, DoubleSupplier random,
      DecryptedVersions seen) {
    DecryptCache cache = new DecryptCache(config, transit, memory, session, registry, clock, scheduler, random, seen);
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
      return served(request, found.fresh().get(), false, vault);
    }
    metrics.miss();
    Optional<Entry> held = found.stale();
    if (held.isPresent() && (inFlight(request.key()) || table.failing(held.get()))) {
      return served(request, held.get(), true, vault);
    }
    if (held.isPresent()) {
      metrics.waited();
    }
    return onCallerContext(flight(request, vault).outcome())
        .compose(outcome -> answer(outcome, vault));
  }

  /** Answers from {@code entry} at once, marks it used and, when its refresh point has passed, fetches it again. */
  private Future<VaultResponse> served(DecryptRequest.Cacheable request, Entry entry, boolean stale,
      Supplier<Future<VaultResponse>> vault) {
    table.used(entry);
    if (refreshingAhead && table.refreshDue(entry, RETRY_PAUSE)) {
      refresh(request.key(), entry);
    }
    return fromSlab(request.key(), entry, stale, vault);
  }

  /** The entry's refresh point came: fetch it again if a request used it since it was stored, else let it expire. */
  private void refreshDue(Entry entry) {
    if (!refreshingAhead || !table.usedAndCurrent(entry)) {
      metrics.refreshed(CacheMetrics.Refresh.SKIPPED);
      return;
    }
    refresh(entry.key, entry);
  }

  /**
   * Fetches {@code entry} again through the single flight: a Vault call for it already in flight stands for the
   * refresh. Its answer replaces the entry (or, when Vault fails, marks it failing, so it is served stale at once).
   */
  private void refresh(CacheKey key, Entry entry) {
    if (closed) {
      return;
    }
    DecryptRequest.Cacheable request = new DecryptRequest.Cacheable(key, entry.transitKey, entry.version,
        entry.request);
    Flight flight = flight(request, () -> session.send(new VaultRequest(HttpMethod.POST,
        "/v1/" + transit.mount() + "/decrypt/" + entry.transitKey, entry.request.copy(), true)));
    if (flight.led()) {
      flight.outcome().onComplete(result -> refreshed(entry, result));
    }
  }

  /** Counts how a refresh ended: ok when a new entry replaced {@code old}. */
  private void refreshed(Entry old, AsyncResult<Outcome> result) {
    boolean ok = result.succeeded() && result.result() instanceof Outcome.Cached(Entry entry, boolean stale)
        && entry != old;
    metrics.refreshed(ok ? CacheMetrics.Refresh.OK : CacheMetrics.Refresh.FAILED);
    if (result.succeeded() && result.result() instanceof Outcome.Uncacheable(VaultResponse r, var taken)
        && taken.compareAndSet(false, true)) {
      Wipe.buffer(r.body());
    }
  }

  private boolean inFlight(CacheKey key) {
    synchronized (flights) {
      return flights.containsKey(key);
    }
  }

  /** The Vault call for this entry: the one in flight, or a new one that the caller leads. */
  private Flight flight(DecryptRequest.Cacheable request, Supplier<Future<VaultResponse>> vault) {
    Promise<Outcome> lead = Promise.promise();
    synchronized (flights) {
      Future<Outcome> running = flights.get(request.key());
      if (running != null) {
        return new Flight(running, false);
      }
      flights.put(request.key(), lead.future());
    }
    vault.get()
        .transform(result -> Future.succeededFuture(settle(request, result)))
        .onComplete(settled -> land(request.key(), lead, settled));
    return new Flight(lead.future(), true);
  }

  private void land(CacheKey key, Promise<Outcome> lead, AsyncResult<Outcome> settled) {
    synchronized (flights) {
      flights.remove(key);
    }
    lead.handle(settled);
  }

  /** Turns Vault's answer (or its absence) into what every waiter gets. Throws when nothing may answer. */
  private Outcome settle(DecryptRequest.Cacheable request, AsyncResult<VaultResponse> result) {
    if (result.failed()) {
      return stale(request.key(), result.cause()).orElseThrow(() -> asRuntime(result.cause()));
    }
    VaultResponse response = result.result();
    if (response.status() >= 500) {
      return stale(request.key(), null).orElse(new Outcome.Refused(response));
    }
    if (!response.ok()) {
      table.remove(request.key(), CacheMetrics.Reason.POLICY);
      return new Outcome.Refused(response);
    }
    return Admission.admit(request, response, maxPlaintextBytes, table);
  }

  /**
   * Vault failed for {@code key}: its entry, if one is held and may still serve (within {@code ttl + staleIfError}),
   * is marked failing and answers; none for a failure that is not Vault's.
   */
  private Optional<Outcome> stale(CacheKey key, Throwable failure) {
    boolean vaultFailed = failure == null || failure instanceof VaultException || failure instanceof NotAuthenticated;
    if (!vaultFailed) {
      return Optional.empty();
    }
    table.failed(key);
    return table.current(key).map(entry -> new Outcome.Cached(entry, table.pastTtl(entry)));
  }

  private Future<VaultResponse> answer(Outcome outcome, Supplier<Future<VaultResponse>> vault) {
    return switch (outcome) {
      case Outcome.Cached(Entry entry, boolean stale) -> fromSlab(entry.key, entry, stale, vault);
      case Outcome.Refused(VaultResponse r) -> Future.succeededFuture(
          new VaultResponse(r.status(), r.contentType(), r.body().copy()));
      case Outcome.Uncacheable(VaultResponse r, var taken) -> taken.compareAndSet(false, true)
          ? Future.succeededFuture(r)
          : vault.get();
    };
  }

  /**
   * The entry written into a new buffer. If it was replaced in the meantime (a refresh landed), the entry now held
   * for the key answers; if none is, this request goes to Vault itself.
   */
  private Future<VaultResponse> fromSlab(CacheKey key, Entry entry, boolean stale,
      Supplier<Future<VaultResponse>> vault) {
    Optional<Buffer> body = table.read(entry, HitResponse::of)
        .or(() -> table.current(key).flatMap(current -> table.read(current, HitResponse::of)));
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
   * No more background refreshes from now on (the stop's grace began): neither the timer at an entry's refresh point
   * nor a hit past it fetches the entry, so it expires at its TTL as before refresh ahead; requests are answered as
   * before.
   */
  public void stopRefreshingAhead() {
    refreshingAhead = false;
  }

  /**
   * Stops the periodic check, wipes every entry and removes the seen-version series. The slab itself stays open (it
   * is the process's).
   */
  @Override
  public void close() {
    closed = true;
    policy.stop();
    table.clear();
    seen.unbind();
  }
}
