package dev.transitsidecar.cli;

import dev.transitsidecar.Sidecar;
import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dev}: the embedded Transit engine and the sidecar pointed at it, on loopback, for a laptop. Prints the
 * lines scripts read ({@code Engine:}, {@code Root Token:}, {@code Sidecar:}), as {@code vault server -dev} does.
 */
@Command(name = "dev", description = "Start an in-memory Vault stand-in and the sidecar on loopback. NOT for production.")
final class DevCommand implements Callable<Integer> {
  static final String TRANSIT_KEY = "kasten";
  private final Cli cli;

  @Mixin
  ConfigOption config;

  @Option(names = "--engine-port", description = "port of the embedded engine (default ${DEFAULT-VALUE})")
  int enginePort = 8201;

  @Option(names = "--port", description = "port of the sidecar (default ${DEFAULT-VALUE})")
  int port = 8200;

  DevCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    SidecarRuntime runtime = SidecarRuntime.create();
    try {
      SidecarConfig loaded = config.load(runtime.vertx(), cli.env());
      LogSetup.apply(loaded.log());
      // The engine stands in for a Vault elsewhere: its own Vert.x, so its traffic stays out of the sidecar's metrics.
      DevVault engine = DevVault.start(Vertx.vertx(), DevVaultOptions.defaults()
          .withPort(enginePort).withTransitKeys(List.of(TRANSIT_KEY))).await();
      SidecarConfig devConfig = pointAt(loaded, URI.create(engine.address()), port);
      Sidecar sidecar = Sidecar.start(runtime.vertx(), devConfig, runtime.registry()).await();
      printBanner(cli.out(), engine, sidecar.port());
      runtime.closeOnShutdown();
      return Main.KEEP_RUNNING;
    } catch (RuntimeException e) {
      runtime.vertx().close();
      throw e;
    }
  }

  /** The loaded configuration with the sidecar on loopback at {@code port} and Vault at the engine. */
  static SidecarConfig pointAt(SidecarConfig c, URI engine, int port) {
    ListenConfig l = c.listen();
    VaultConfig v = c.vault();
    return new SidecarConfig(
        new ListenConfig("127.0.0.1", port, Optional.empty(), l.requireRequestHeader(), l.maxBodyBytes(),
            l.clientTokenFile()),
        new VaultConfig(engine, Optional.empty(), v.timeout(), v.retries(), v.tls()),
        c.auth(), c.transit(), c.cache(), c.keystore(), c.rotation(), c.proxy(), c.webhook(), c.log());
  }

  private static void printBanner(PrintWriter out, DevVault engine, int sidecarPort) {
    String engineAddr = engine.address();
    String sidecarAddr = "http://127.0.0.1:" + sidecarPort;
    out.println("transit-sidecar dev mode: an in-memory Vault stand-in and the sidecar.");
    out.println("WARNING: NOT for production. Everything lives in memory and is lost on exit.");
    out.println();
    out.println("Engine: " + engineAddr);
    out.println("Root Token: " + engine.rootToken());
    out.println("Sidecar: " + sidecarAddr);
    out.println("Transit key: " + TRANSIT_KEY + " (mount transit)");
    out.println();
    out.println("Try:");
    out.println("  export VAULT_TOKEN=" + engine.rootToken());
    out.println("  curl -s " + sidecarAddr + "/healthz");
    out.println("  curl -s " + sidecarAddr + "/readyz");
    out.println("  curl -s -H \"X-Vault-Token: $VAULT_TOKEN\" -d '{\"plaintext\":\"aGVsbG8gd29ybGQ=\"}' \\");
    out.println("       " + engineAddr + "/v1/transit/encrypt/" + TRANSIT_KEY);
    out.println("  curl -s -H \"X-Vault-Token: $VAULT_TOKEN\" -d '{\"ciphertext\":\"<the vault:v1:... above>\"}' \\");
    out.println("       " + engineAddr + "/v1/transit/decrypt/" + TRANSIT_KEY);
    out.println();
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }
}
