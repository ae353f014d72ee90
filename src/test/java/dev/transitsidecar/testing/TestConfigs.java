package dev.transitsidecar.testing;

import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.VaultConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Configurations for tests: the defaults, with the sidecar on a free loopback port and Vault where the test says. */
public final class TestConfigs {
  private TestConfigs() {}

  public static SidecarConfig sidecar(URI vault) {
    SidecarConfig d = SidecarConfig.defaults();
    ListenConfig l = d.listen();
    VaultConfig v = d.vault();
    return new SidecarConfig(
        new ListenConfig("127.0.0.1", 0, Optional.empty(), l.requireRequestHeader(), l.maxBodyBytes(), Optional.empty(),
            0),
        new VaultConfig(vault, Optional.empty(), Duration.ofSeconds(2), v.retries(), v.tls()),
        d.auth(), d.transit(), d.cache(), d.keystore(), d.rotation(), d.proxy(), d.webhook(), d.log());
  }

  public static SidecarConfig withMaxBody(SidecarConfig c, int maxBodyBytes) {
    ListenConfig l = c.listen();
    return new SidecarConfig(
        new ListenConfig(l.address(), l.port(), l.unixSocket(), l.requireRequestHeader(), maxBodyBytes, l.clientTokenFile(),
            l.healthPort()),
        c.vault(), c.auth(), c.transit(), c.cache(), c.keystore(), c.rotation(), c.proxy(), c.webhook(), c.log());
  }

  /** An address where nothing listens: a port that was free a moment ago. */
  public static URI deadVault() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
