package dev.transitsidecar.cli;

import dev.transitsidecar.Sidecar;
import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.AuthConfig;
import dev.transitsidecar.config.AuthMethod;
import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.TransitConfig;
import dev.transitsidecar.config.VaultConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.devvault.TokenSpec;
import dev.transitsidecar.proxy.AllowList;
import dev.transitsidecar.proxy.PolicyHcl;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dev}: the embedded Transit engine and the sidecar pointed at it, on loopback, for a laptop. The sidecar
 * authenticates with a token file that carries only the generated least-privilege policy, as in production. Prints
 * the lines scripts read ({@code Engine:}, {@code Root Token:}, {@code Sidecar:}), as {@code vault server -dev} does.
 */
@Command(name = "dev", description = "Start an in-memory Vault stand-in and the sidecar on loopback. NOT for production.")
final class DevCommand implements Callable<Integer> {
  private static final String POLICY = "transit-sidecar";
  /**
   * {@code dev} is for a terminal: plain-text log lines unless {@code SIDECAR_LOG_FORMAT} asks for JSON. Set below
   * the environment only, so a {@code sidecar.yaml} in the working directory (the repository's says json, the
   * default of {@code run} and {@code webhook}) does not make {@code dev} print JSON.
   */
  static Map<String, String> devEnv(Map<String, String> env) {
    Map<String, String> withText = new HashMap<>(env);
    withText.putIfAbsent("SIDECAR_LOG_FORMAT", "text");
    return Map.copyOf(withText);
  }
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
    Map<String, String> env = devEnv(cli.env());
    return config.serve(SidecarRuntime.create(), env, (runtime, loaded) -> {
      TransitConfig transit = loaded.transit();
      // The engine stands in for a Vault elsewhere: its own Vert.x, so its traffic stays out of the sidecar's metrics,
      // and so does the client that creates the keystore (a second HTTP client on the sidecar's Vert.x would register
      // Vert.x's client gauges twice, which Micrometer warns about).
      Vertx outside = Vertx.vertx();
      DevVault engine = DevVault.start(outside, DevVaultOptions.defaults().withPort(enginePort)
          .withTransitMount(transit.mount()).withTransitKeys(transit.keys())).await();
      engine.putPolicy(POLICY, PolicyHcl.generate(AllowList.of(transit)));
      Path tokenFile = writeTokenFile(engine.createToken(TokenSpec.of(POLICY).withTtl(Duration.ofHours(1))));
      Path keystore = DevKeystore.create(outside, engine, transit, tokenFile.resolveSibling("keystore.json"));
      SidecarConfig devConfig = DevKeystore.use(pointAt(loaded, URI.create(engine.address()), port, tokenFile),
          keystore);
      Sidecar sidecar = Sidecar.start(runtime.vertx(), devConfig, runtime.registry(), env, Clock.systemUTC())
          .await();
      printBanner(cli.out(), engine, sidecar.port(), transit, tokenFile);
      return () -> sidecar.stop().eventually(() -> engine.close()).eventually(() -> outside.close());
    });
  }

  /** The sidecar's own token, readable only by this user, in a fresh temporary folder (the CLI thread may block). */
  private static Path writeTokenFile(String token) {
    try {
      Path dir = Files.createTempDirectory("transit-sidecar-dev-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path file = dir.resolve("vault_token");
      Files.writeString(file, token);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dev token file", e);
    }
  }

  /** The loaded configuration with the sidecar on loopback at {@code port}, Vault at the engine, a token file. */
  static SidecarConfig pointAt(SidecarConfig c, URI engine, int port, Path tokenFile) {
    ListenConfig l = c.listen();
    VaultConfig v = c.vault();
    AuthConfig a = c.auth();
    return new SidecarConfig(
        new ListenConfig("127.0.0.1", port, Optional.empty(), l.requireRequestHeader(), l.maxBodyBytes(),
            l.clientTokenFile(), l.healthPort(), l.idleTimeout(), l.headerTimeout(), l.shutdownGrace()),
        new VaultConfig(engine, Optional.empty(), v.timeout(), v.retries(), v.tls(), v.circuitFailures(),
            v.circuitResetTimeout()),
        new AuthConfig(AuthMethod.TOKEN, tokenFile, a.kubernetes(), a.approle()),
        c.transit(), c.cache(), c.keystore(), c.rotation(), c.proxy(), c.webhook(), c.log());
  }

  private static void printBanner(PrintWriter out, DevVault engine, int sidecarPort, TransitConfig transit,
      Path tokenFile) {
    String sidecar = "http://127.0.0.1:" + sidecarPort;
    String key = transit.keys().getFirst();
    String encrypt = sidecar + "/v1/" + transit.mount() + "/encrypt/" + key;
    String decrypt = sidecar + "/v1/" + transit.mount() + "/decrypt/" + key;
    out.println("transit-sidecar dev mode: an in-memory Vault stand-in and the sidecar.");
    out.println("WARNING: NOT for production. Everything lives in memory and is lost on exit.");
    out.println();
    out.println("Engine: " + engine.address());
    out.println("Root Token: " + engine.rootToken());
    out.println("Sidecar: " + sidecar);
    out.println("Transit keys: " + String.join(", ", transit.keys()) + " (mount " + transit.mount() + ")");
    out.println("Sidecar token: " + tokenFile + " (policy " + POLICY + ": see `policy`)");
    out.println("Keystore: " + tokenFile.resolveSibling("keystore.json") + " (a fresh master key, wrapped by "
        + transit.mount() + "/" + key + ")");
    out.println();
    out.println("Try, through the sidecar (no Vault token needed):");
    out.println("  export VAULT_ADDR=" + sidecar);
    out.println("  curl -s " + sidecar + "/readyz");
    out.println("  curl -s -H 'X-Vault-Request: true' -d '{\"plaintext\":\"aGVsbG8gd29ybGQ=\"}' " + encrypt);
    out.println("  curl -s -H 'X-Vault-Request: true' -d '{\"ciphertext\":\"<the vault:v1:... above>\"}' " + decrypt);
    out.println("  curl -s -H 'X-Vault-Request: true' -d '{\"context\":\"YXBwLTE=\",\"length\":32}' " + sidecar
        + "/sidecar/v1/derive");
    out.println("  curl -s " + sidecar + "/sidecar/v1/status");
    out.println("Straight to the engine, with the root token:");
    out.println("  curl -s -H \"X-Vault-Token: " + engine.rootToken() + "\" " + engine.address() + "/v1/"
        + transit.mount() + "/keys/" + key);
    out.println();
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }
}
