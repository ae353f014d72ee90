package dev.transitsidecar.devvault;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.UUID;

/**
 * The embedded, in-memory stand-in for Vault: Transit, tokens, AppRole and Kubernetes login, ACL policies,
 * sys/health, a sealed state. For {@code dev} and tests only; never for production.
 *
 * <p>The HTTP server runs on the Vert.x context that calls {@link #start}. The Java methods (faults, seal, tokens,
 * policies, request inspection) are thread-safe and are never reachable over HTTP.
 */
public final class DevVault {
  private final Vertx vertx;
  private final Engine engine;
  private final Faults faults;
  private final RequestLog requestLog;
  private final Router router;
  private final String host;
  private final int port;
  private HttpServer server;
  private boolean listening = true;

  private DevVault(Vertx vertx, Engine engine, Faults faults, RequestLog requestLog, Router router, HttpServer server,
      String host) {
    this.vertx = vertx;
    this.engine = engine;
    this.faults = faults;
    this.requestLog = requestLog;
    this.router = router;
    this.server = server;
    this.host = host;
    this.port = server.actualPort();
  }

  /** Starts the engine; the future completes once it listens. */
  public static Future<DevVault> start(Vertx vertx, DevVaultOptions options) {
    return createEngine(options)
        .compose(engine -> listen(vertx, options, engine));
  }

  private static Future<Engine> createEngine(DevVaultOptions options) {
    try {
      return Future.succeededFuture(Engine.create(options));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static Future<DevVault> listen(Vertx vertx, DevVaultOptions options, Engine engine) {
    Faults faults = new Faults();
    RequestLog requestLog = new RequestLog(options.clock());
    Health health = new Health(options.clock(), UUID.randomUUID().toString());
    Router router = new HttpFront(vertx, engine, health, faults, requestLog, options.maxRequestBytes()).router();
    return bind(vertx, options.host(), options.port(), router)
        .map(server -> new DevVault(vertx, engine, faults, requestLog, router, server, options.host()));
  }

  private static Future<HttpServer> bind(Vertx vertx, String host, int port, Router router) {
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router)
        .listen();
  }

  /** The port it listens on (the same after {@link #stop()} and {@link #restart()}). */
  public int port() {
    return port;
  }

  /** {@code http://host:port}, what VAULT_ADDR should say. */
  public String address() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port();
  }

  /** The root token (dev only: printed by the dev command, like {@code vault server -dev}). */
  public String rootToken() {
    return engine.rootToken();
  }

  /** Stops listening. */
  public Future<Void> close() {
    return stop();
  }

  /**
   * Fault injection: the engine stops as a killed process would. The listener and every open connection are closed,
   * so new connections are refused; tokens, keys and policies are kept for {@link #restart()}. Idempotent.
   */
  public synchronized Future<Void> stop() {
    listening = false;
    return server.close();
  }

  /** Listens again on the same port after {@link #stop()}, with the state it had; does nothing while listening. */
  public synchronized Future<Void> restart() {
    if (listening) {
      return Future.succeededFuture();
    }
    listening = true;
    return bind(vertx, host, port, router)
        .compose(this::listening, this::notListening);
  }

  private synchronized Future<Void> listening(HttpServer started) {
    if (!listening) {
      return started.close();
    }
    server = started;
    return Future.succeededFuture();
  }

  private synchronized Future<Void> notListening(Throwable failure) {
    listening = false;
    return Future.failedFuture(failure);
  }

  /** Failure injection: latency, failed, dropped and reset requests. */
  public Faults faults() {
    return faults;
  }

  /** Seals: every request except sys/health and sys/seal-status gets 503 {@code Vault is sealed}. */
  public void seal() {
    engine.seal(true);
  }

  /** Unseals; tokens, policies and keys are kept, as with a real unseal. */
  public void unseal() {
    engine.seal(false);
  }

  public boolean isSealed() {
    return engine.sealed();
  }

  /** Creates an orphan service token and returns its id. */
  public String createToken(TokenSpec spec) {
    return engine.createToken(spec);
  }

  /** Revokes a token and its children; unknown ids are ignored. */
  public void revokeToken(String tokenId) {
    engine.revokeToken(tokenId);
  }

  /**
   * Revokes every token issued by logins under {@code auth/<mountPath>/}, as {@code vault lease revoke -prefix
   * auth/<mountPath>/} does: for tests that revoke a token they never see (the sidecar's own).
   */
  public void revokeLogins(String mountPath) {
    engine.revokeLogins("auth/" + mountPath + "/");
  }

  /**
   * Writes an ACL policy, as {@code PUT sys/policies/acl/:name} would.
   *
   * @throws IllegalArgumentException when the HCL is outside the supported subset (the message says why)
   */
  public void putPolicy(String name, String hcl) {
    try {
      engine.putPolicy(name, hcl);
    } catch (VaultError e) {
      throw new IllegalArgumentException(String.join("; ", e.errors()), e);
    }
  }

  /**
   * The Kubernetes auth method at {@code auth/<mountPath>}, enabled on first use.
   *
   * @throws IllegalArgumentException when another auth method holds that path
   */
  public KubernetesAuth kubernetes(String mountPath) {
    try {
      return new KubernetesAuth(engine.kubernetes(mountPath));
    } catch (VaultError e) {
      throw new IllegalArgumentException(String.join("; ", e.errors()), e);
    }
  }

  /** The requests that reached the engine so far (the last 10 000), oldest first. */
  public List<SeenRequest> requests() {
    return requestLog.snapshot();
  }

  public void clearRequests() {
    requestLog.clear();
  }

  /** Test hook: mounts a backend (for example a fake Transit) at {@code path}, replacing what is there. */
  void mount(String path, Backend backend) {
    engine.mount(path, backend);
  }
}
