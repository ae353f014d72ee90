package dev.transitsidecar.proxy;

import dev.transitsidecar.config.TransitConfig;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one table of what the loopback API forwards (docs/api.md), built from {@code transit.mount} and
 * {@code transit.keys}. The router matches requests against it and {@link PolicyHcl} turns it into the least
 * privilege Vault policy, so the two cannot drift apart.
 */
public final class AllowList {
  private final List<ProxiedRoute> routes;

  private AllowList(List<ProxiedRoute> routes) {
    this.routes = List.copyOf(routes);
  }

  public static AllowList of(TransitConfig transit) {
    String mount = transit.mount();
    List<ProxiedRoute> routes = new ArrayList<>();
    for (String key : transit.keys()) {
      routes.add(update("transit/encrypt", mount + "/encrypt/" + key));
      routes.add(update("transit/decrypt", mount + "/decrypt/" + key));
      routes.add(update("transit/rewrap", mount + "/rewrap/" + key));
      routes.add(update("transit/datakey", mount + "/datakey/plaintext/" + key));
      routes.add(update("transit/datakey", mount + "/datakey/wrapped/" + key));
      routes.add(new ProxiedRoute("transit/keys/read", HttpMethod.GET, mount + "/keys/" + key, "read"));
    }
    routes.add(new ProxiedRoute("transit/keys/list", ProxiedRoute.LIST, mount + "/keys", "list"));
    return new AllowList(routes);
  }

  /**
   * What a rotation of {@code key} calls (docs/rotation.md), for its policy only (the loopback API never
   * forwards these): read the key, rotate it, rewrap the keystore's ciphertexts, decrypt the new ciphertext to check
   * its {@code key_id}, and raise {@code min_decryption_version} through the key's config.
   */
  public static AllowList forRotation(String mount, String key) {
    return new AllowList(List.of(
        new ProxiedRoute("transit/keys/read", HttpMethod.GET, mount + "/keys/" + key, "read"),
        update("transit/keys/rotate", mount + "/keys/" + key + "/rotate"),
        update("transit/rewrap", mount + "/rewrap/" + key),
        update("transit/decrypt", mount + "/decrypt/" + key),
        update("transit/keys/config", mount + "/keys/" + key + "/config")));
  }

  private static ProxiedRoute update(String route, String path) {
    return new ProxiedRoute(route, HttpMethod.POST, path, "update");
  }

  /** Every forwarded call, in a stable order (per key, then the listing). */
  public List<ProxiedRoute> routes() {
    return routes;
  }

  /**
   * The route for a request, if it is on the list. PUT counts as POST (Vault treats them alike) and
   * {@code GET ...?list=true} as LIST. {@code path} is the raw path after {@code /v1/}, already checked by
   * {@link RawPath}; names are compared exactly, case included.
   */
  Optional<ProxiedRoute> match(HttpMethod method, String path, boolean listQuery) {
    HttpMethod wanted = canonical(method, listQuery);
    return routes.stream()
        .filter(r -> r.method().equals(wanted) && r.path().equals(path))
        .findFirst();
  }

  private static HttpMethod canonical(HttpMethod method, boolean listQuery) {
    if (method.equals(HttpMethod.PUT)) {
      return HttpMethod.POST;
    }
    if (method.equals(HttpMethod.GET) && listQuery) {
      return ProxiedRoute.LIST;
    }
    return method;
  }
}
