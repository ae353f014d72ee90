package dev.transitsidecar.vault;

import dev.transitsidecar.config.VaultConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the one WebClient that talks to Vault, with the configured connect timeout and TLS trust, and a pool of up
 * to {@value #MAX_CONNECTIONS} kept-alive HTTP/1.1 connections (Vert.x's default of 5 capped the proxy at five
 * requests in flight: about 2,500 a second at 2 ms to Vault, whatever the application's concurrency).
 */
public final class VaultWebClients {
  static final int MAX_CONNECTIONS = 64;
  private static final Logger LOG = LoggerFactory.getLogger(VaultWebClients.class);

  private VaultWebClients() {}

  public static WebClient create(Vertx vertx, VaultConfig config) {
    WebClientOptions options = new WebClientOptions()
        .setUserAgent("transit-sidecar")
        .setConnectTimeout((int) config.timeout().toMillis())
        .setFollowRedirects(false);
    config.tls().caFile().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
    if (config.tls().insecureSkipVerify()) {
      LOG.warn("vault.tls.insecureSkipVerify is true: the Vault server's certificate is NOT verified;"
          + " anyone on the network path can read and change what the sidecar sends; never use this in production");
      options.setTrustAll(true).setVerifyHost(false);
    }
    return WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
  }
}
