package dev.transitsidecar.proxy;

import io.vertx.core.http.HttpMethod;

/**
 * One call that the loopback API forwards to Vault: the route name used in metrics, the method and path Vault
 * receives, and the policy capability that call needs. {@link AllowList} builds the table; the router and the
 * policy generator both read it, so they cannot disagree.
 *
 * @param route a low-cardinality name for metrics, independent of mount and key ({@code transit/encrypt})
 * @param method the method Vault receives: POST for writes, LIST for listings, GET for reads
 * @param path the Vault path without {@code /v1/} ({@code transit/encrypt/kasten})
 * @param capability the ACL capability the call needs ({@code update}, {@code read} or {@code list})
 */
public record ProxiedRoute(String route, HttpMethod method, String path, String capability) {
  /** Vault's listing verb. */
  public static final HttpMethod LIST = HttpMethod.valueOf("LIST");

  /** The path and query the forwarded request uses: listings go as {@code GET ...?list=true}. */
  String vaultUri() {
    return method.equals(LIST) ? "/v1/" + path + "?list=true" : "/v1/" + path;
  }

  /** The method the forwarded request uses. */
  HttpMethod vaultMethod() {
    return method.equals(LIST) ? HttpMethod.GET : method;
  }
}
