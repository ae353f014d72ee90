package dev.transitsidecar.proxy;

import dev.transitsidecar.config.CoalesceConfig;
import dev.transitsidecar.config.ProxyConfig;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.TransitConfig;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Proxies with coalescing on or off over an engine with a derived, a rotated and a missing key; concurrent sends. */
final class CoalesceSupport {
  static final List<String> KEYS = List.of("kasten", "derived", "old", "missing");
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One request: the path under {@code /v1/} and its JSON body. */
  record Call(String path, String body) {}

  private CoalesceSupport() {}

  /**
   * A proxy over the embedded engine with {@link #KEYS} allow-listed (and in the sidecar's policy), no Vault retries,
   * and coalescing {@code enabled} with a window wide enough for a test's concurrent requests to meet.
   */
  static ProxyFixture proxy(boolean enabled) {
    return proxy(enabled, 64);
  }

  /** The same with at most {@code maxBatch} requests per batch. */
  static ProxyFixture proxy(boolean enabled, int maxBatch) {
    return proxy(enabled, maxBatch, Duration.ofSeconds(5));
  }

  /** The same with this Vault timeout. */
  static ProxyFixture proxy(boolean enabled, int maxBatch, Duration vaultTimeout) {
    return proxy(enabled, maxBatch, vaultTimeout, Duration.ofMillis(60));
  }

  /**
   * A proxy whose batches close only when full (a 10 s window), so {@code n} concurrent requests make exactly
   * {@code ceil(n / maxBatch)} engine requests however busy the machine is.
   */
  static ProxyFixture exact(int maxBatch) {
    return proxy(true, maxBatch, Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  private static ProxyFixture proxy(boolean enabled, int maxBatch, Duration vaultTimeout, Duration window) {
    ProxyFixture proxy = ProxyFixture.with(c -> configured(c, enabled, maxBatch, vaultTimeout, window));
    proxy.engine.putPolicy("transit-sidecar", PolicyHcl.generate(AllowList.of(proxy.config.transit())));
    root(proxy, "transit/keys/derived", new JsonObject().put("derived", true));
    root(proxy, "transit/keys/old", new JsonObject());
    warmUp(proxy, maxBatch);
    return proxy;
  }

  private static SidecarConfig configured(SidecarConfig c, boolean enabled, int maxBatch, Duration vaultTimeout,
      Duration window) {
    SidecarConfig d = ProxyFixture.fastTimeout(c, vaultTimeout, 0);
    return new SidecarConfig(d.listen(), d.vault(), d.auth(), new TransitConfig(d.transit().mount(), KEYS),
        d.cache(), d.keystore(), d.rotation(), new ProxyConfig(new CoalesceConfig(enabled, window, maxBatch)),
        d.webhook(), d.log());
  }

  /**
   * Opens the client's connections, so that a test's concurrent requests reach the proxy together; 64 requests or
   * more, in whole batches, so that no warm-up request waits for a long window to close.
   */
  private static void warmUp(ProxyFixture proxy, int maxBatch) {
    Call call = new Call("transit/encrypt/kasten", new JsonObject().put("plaintext", "").encode());
    concurrently(proxy, java.util.Collections.nCopies((64 + maxBatch - 1) / maxBatch * maxBatch, call));
  }

  /** A call straight to the engine with its root token. */
  static Answer root(ProxyFixture proxy, String path, JsonObject body) {
    return Http.send(Http.request(proxy.engine.address(), "/v1/" + path)
        .header("X-Vault-Token", proxy.engine.rootToken())
        .POST(BodyPublishers.ofString(body.encode())).build());
  }

  /** Sends every call through the proxy at once and waits for all the answers, in call order. */
  static List<Answer> concurrently(ProxyFixture proxy, List<Call> calls) {
    List<CompletableFuture<Answer>> answers = calls.stream()
        .map(call -> CLIENT.sendAsync(proxy.request("/v1/" + call.path()).header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(call.body())).build(), HttpResponse.BodyHandlers.ofString())
            .thenApply(r -> new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body())))
        .toList();
    return answers.stream().map(CompletableFuture::join).toList();
  }

  /** How many requests the engine received on {@code path} since it last forgot. */
  static long seen(ProxyFixture proxy, String path) {
    return proxy.seen().stream().filter(r -> r.path().equals("/v1/" + path)).count();
  }
}
