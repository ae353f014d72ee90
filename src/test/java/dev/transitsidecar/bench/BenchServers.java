package dev.transitsidecar.bench;

import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.TransitConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.devvault.SeenRequest;
import dev.transitsidecar.devvault.TokenSpec;
import dev.transitsidecar.proxy.AllowList;
import dev.transitsidecar.proxy.PolicyHcl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * The servers {@code bench/run} measures against, in one process apart from the sidecar: the embedded engine with an
 * added latency (standing in for the network to a real Vault) and a control listener that reports the engine's
 * request counts (the ceiling, a bare Vert.x server, is {@link BareServer}, a process of its own). NOT run by the
 * build.
 *
 * <p>Usage: {@code BenchServers DIR LATENCY_MS}. Writes {@code DIR/vault_token} (a token with the sidecar's generated
 * policy) and {@code DIR/root_token} (both readable only by this user; never printed), then prints one line
 * {@code engine=PORT control=PORT} and runs until killed. Control: {@code GET /engine/requests} gives
 * {@code {"total":n,"encrypt":n,"decrypt":n}} since the last {@code POST /engine/requests/clear} (the engine keeps
 * at most its last 10,000 requests, so a total of 10,000 means "at least").
 */
public final class BenchServers {
  private static final String POLICY = "transit-sidecar";

  private BenchServers() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2 || !args[1].matches("[0-9]{1,6}")) {
      System.err.println("usage: BenchServers DIR LATENCY_MS (a whole number of milliseconds)");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Duration latency = Duration.ofMillis(Long.parseLong(args[1]));
    TransitConfig transit = SidecarConfig.defaults().transit();
    Vertx engineVertx = Vertx.vertx();
    DevVault engine = DevVault.start(engineVertx, DevVaultOptions.defaults().withPort(0)
        .withTransitMount(transit.mount()).withTransitKeys(transit.keys())).await();
    engine.putPolicy(POLICY, PolicyHcl.generate(AllowList.of(transit)));
    writeSecret(dir.resolve("vault_token"), engine.createToken(TokenSpec.of(POLICY).withTtl(Duration.ofHours(8))));
    writeSecret(dir.resolve("root_token"), engine.rootToken());
    engine.faults().latency(latency);
    Vertx vertx = Vertx.vertx();
    HttpServer control = vertx.createHttpServer()
        .requestHandler(request -> control(engine, request))
        .listen(0, "127.0.0.1").await();
    System.out.println("engine=" + engine.port() + " control=" + control.actualPort());
    System.out.flush();
  }

  private static void control(DevVault engine, HttpServerRequest request) {
    Future<Void> answered = switch (request.method().name() + " " + request.path()) {
      case "GET /engine/requests" -> request.response().putHeader("Content-Type", "application/json")
          .end(counts(engine.requests()).encode());
      case "POST /engine/requests/clear" -> clear(engine, request);
      default -> request.response().setStatusCode(404).end();
    };
    answered.onFailure(e -> System.err.println("bench control: the answer failed: " + e.getMessage()));
  }

  private static Future<Void> clear(DevVault engine, HttpServerRequest request) {
    engine.clearRequests();
    return request.response().setStatusCode(204).end();
  }

  private static JsonObject counts(List<SeenRequest> seen) {
    return new JsonObject()
        .put("total", seen.size())
        .put("encrypt", seen.stream().filter(r -> r.path().contains("/encrypt/")).count())
        .put("decrypt", seen.stream().filter(r -> r.path().contains("/decrypt/")).count());
  }

  private static void writeSecret(Path file, String secret) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, secret);
  }
}
