package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.config.SidecarConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code listen.unixSocket}: the same API on a Unix socket, mode 0660, with TCP off when the port is 0. */
class UnixSocketTest {
  @TempDir
  Path dir;

  private ProxyFixture proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private static SidecarConfig onSocket(SidecarConfig c, Path socket) {
    ListenConfig l = c.listen();
    return new SidecarConfig(new ListenConfig(l.address(), 0, Optional.of(socket), l.requireRequestHeader(),
        l.maxBodyBytes(), l.clientTokenFile(), l.healthPort()), c.vault(), c.auth(), c.transit(), c.cache(), c.keystore(),
        c.rotation(), c.proxy(), c.webhook(), c.log());
  }

  private record Reply(int status, Buffer body) {}

  private Reply send(Path socket, HttpMethod method, String uri, String body) {
    HttpClient client = proxy.vertx.createHttpClient();
    RequestOptions options = new RequestOptions().setServer(SocketAddress.domainSocketAddress(socket.toString()))
        .setHost("localhost").setMethod(method).setURI(uri).putHeader("X-Vault-Request", "true");
    return client.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(b -> new Reply(response.statusCode(), b)))
        .eventually(client::close)
        .await();
  }

  @Test
  void unixSocket_servesTheApiWithMode0660AndNoTcp() throws IOException {
    Path socket = dir.resolve("sidecar.sock");
    proxy = ProxyFixture.with(c -> onSocket(c, socket));
    assumeTrue(proxy.vertx.isNativeTransportEnabled(), "native transport not available on this platform");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
    assertThat(proxy.port).isEqualTo(-1);
    Reply encrypt = send(socket, HttpMethod.POST, "/v1/transit/encrypt/kasten", "{\"plaintext\":\"aGk=\"}");
    assertThat(encrypt.status()).isEqualTo(200);
    assertThat(new JsonObject(encrypt.body()).getJsonObject("data").getString("ciphertext")).startsWith("vault:v1:");
    assertThat(send(socket, HttpMethod.GET, "/v1/sys/mounts", null).status()).isEqualTo(403);
  }

  @Test
  void staleSocketFromAnEarlierRun_isReplaced() throws IOException {
    Path socket = dir.resolve("sidecar.sock");
    proxy = ProxyFixture.with(c -> onSocket(c, socket));
    assumeTrue(proxy.vertx.isNativeTransportEnabled(), "native transport not available on this platform");
    proxy.close();
    proxy = ProxyFixture.with(c -> onSocket(c, socket));
    assertThat(send(socket, HttpMethod.GET, "/v1/sys/health", null).status()).isEqualTo(200);
  }
}
