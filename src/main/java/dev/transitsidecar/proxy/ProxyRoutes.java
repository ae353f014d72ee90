package dev.transitsidecar.proxy;

import dev.transitsidecar.derive.DeriveRoutes;
import dev.transitsidecar.http.SidecarException;
import dev.transitsidecar.http.StatusContributor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The routes behind the guards: the sidecar's status, the Vault routes answered locally ({@code sys/health},
 * token lookup and renewal, the Kubernetes login) and the forwarded Transit routes of the {@link AllowList}.
 * Whatever none of them takes falls through to the 403 fallback.
 */
final class ProxyRoutes {
  private final LoopbackServices services;
  private final ProxyMetrics metrics;
  private final ClientTokenGuard clientTokens;
  private final LocalToken localToken;
  private final PodServiceAccount podServiceAccount;

  private ProxyRoutes(LoopbackServices services, ProxyMetrics metrics) {
    this.services = services;
    this.metrics = metrics;
    this.clientTokens = new ClientTokenGuard(services.clientToken());
    this.localToken = new LocalToken(services.clientToken(), services.clock());
    this.podServiceAccount = new PodServiceAccount(services.config().auth().kubernetes().serviceAccountTokenFile());
  }

  static void mount(Vertx vertx, Router router, LoopbackServices services, ProxyMetrics metrics) {
    new ProxyRoutes(services, metrics).mountOn(vertx, router);
  }

  private void mountOn(Vertx vertx, Router router) {
    SysHealth health = new SysHealth(services.readiness(), services.clock());
    String login = "/v1/auth/" + services.config().auth().kubernetes().mountPath() + "/login";
    router.get("/sidecar/v1/status").handler(named("sidecar/status")).handler(this::status);
    router.post("/sidecar/v1/derive").handler(named("sidecar/derive"));
    DeriveRoutes.mount(router, services.derivedKeys());
    router.route("/v1/sys/health").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(named("sys/health")).handler(health::handle);
    router.get("/v1/auth/token/lookup-self").handler(named("auth/token/lookup-self"))
        .handler(clientTokens::require).handler(ctx -> LoopbackApi.json(ctx, 200, localToken.lookupSelf()));
    router.route("/v1/auth/token/renew-self").method(HttpMethod.POST).method(HttpMethod.PUT)
        .handler(named("auth/token/renew-self"))
        .handler(clientTokens::require).handler(ctx -> LoopbackApi.json(ctx, 200, localToken.renewSelf()));
    router.route(login).method(HttpMethod.POST).method(HttpMethod.PUT)
        .handler(named("auth/kubernetes/login")).handler(this::login);
    TransitForwarder forwarder = new TransitForwarder(AllowList.of(services.config().transit()), clientTokens,
        services.session(), metrics, services.decryptCache(),
        new Coalescer(vertx, services.config().proxy().coalesce(), services.session(), metrics));
    router.route("/v1/*").handler(forwarder::handle);
  }

  private static io.vertx.core.Handler<RoutingContext> named(String route) {
    return ctx -> {
      ProxyMetrics.routeOf(ctx, route);
      ctx.next();
    };
  }

  /** {@code {"<section>": {...}, ..., "proxy": {"forwarded": n, "refused": n}}}; never a secret. */
  private void status(RoutingContext ctx) {
    JsonObject document = new JsonObject();
    List<StatusContributor> sections = services.status();
    sections.forEach(section -> document.put(section.section(), section.status()));
    document.put("proxy", metrics.status());
    LoopbackApi.json(ctx, 200, document);
  }

  /**
   * Vault's Kubernetes login, answered locally: {@code role} and {@code jwt} are required as Vault requires them, and
   * the JWT must be this pod's own service-account token ({@link PodServiceAccount}). The answer carries only the
   * pod-local client token.
   */
  private void login(RoutingContext ctx) {
    JsonObject body = loginBody(ctx);
    String role = body.getValue("role") instanceof String r ? r : "";
    String jwt = body.getValue("jwt") instanceof String j ? j : "";
    if (role.isEmpty()) {
      throw SidecarException.badRequest("missing role");
    }
    if (jwt.isEmpty()) {
      throw SidecarException.badRequest("missing jwt");
    }
    podServiceAccount.verify(ctx.vertx(), jwt)
        .onSuccess(v -> LoopbackApi.json(ctx, 200, localToken.login(role)))
        .onFailure(ctx::fail);
  }

  private static JsonObject loginBody(RoutingContext ctx) {
    if (!RequestBodies.acceptedType(ctx.request().getHeader("Content-Type"))) {
      throw SidecarException.of(415, "unsupported content type: send application/json");
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return new JsonObject();
    }
    try {
      if (Json.decodeValue(body) instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException e) {
      // answered below, without repeating the body (it holds a JWT)
    }
    throw SidecarException.badRequest("failed to parse JSON input");
  }
}
