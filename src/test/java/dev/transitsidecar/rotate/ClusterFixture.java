package dev.transitsidecar.rotate;

import dev.transitsidecar.Sidecar;
import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.AuthConfig;
import dev.transitsidecar.config.AuthMethod;
import dev.transitsidecar.config.ListenConfig;
import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.keystore.KeystoreAdmin;
import dev.transitsidecar.keystore.KeystoreFile;
import dev.transitsidecar.kube.KubeClient;
import dev.transitsidecar.kube.ResourceType;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.testing.FixedTokenSession;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.KubeApiMock;
import dev.transitsidecar.testing.TestConfigs;
import dev.transitsidecar.vault.VaultClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cluster in miniature for the interlock across pods: the embedded Transit engine (key {@code kasten}), a keystore
 * wrapped with it, fabric8's mock API server in CRUD mode with the project's Kubernetes client, and real sidecars on
 * loopback whose health ports stand in for pod IPs: each pod listed in the mock server points at 127.0.0.1 and at
 * one sidecar's {@code ts-health} port.
 */
final class ClusterFixture implements AutoCloseable {
  static final ResourceType PODS = ResourceType.namespaced("", "v1", "pods");

  final Vertx vertx = Vertx.vertx();
  final DevVault engine;
  final FixedTokenSession session;
  final LockedMemory memory;
  final KeystoreFile keystore;
  final String keyId;
  final KubeApiMock api;
  final KubeClient kube;
  final List<String> lines = new CopyOnWriteArrayList<>();
  private final Path dir;
  private final List<Vertx> sidecars = new ArrayList<>();

  ClusterFixture(Path dir) {
    this.dir = dir;
    engine = DevVault.start(vertx, DevVaultOptions.defaults().withPort(0).withTransitKeys(List.of("kasten"))).await();
    SidecarConfig c = TestConfigs.sidecar(URI.create(engine.address()));
    session = new FixedTokenSession(VaultClient.create(vertx, c.vault()), engine.rootToken());
    memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, LockMemory.OFF);
    keystore = new KeystoreFile(dir.resolve("keystore.json"));
    new KeystoreAdmin(keystore, session, memory, Clock.systemUTC(), new SecureRandom(), () -> new char[0])
        .init("transit", "kasten", Optional.empty());
    keyId = keystore.read().keyId();
    api = KubeApiMock.start(false);
    kube = KubeClient.fromKubeconfig(vertx, api.writeKubeconfig(dir.resolve("kube"), "apps"), Optional.empty());
  }

  /** A sidecar as {@code run} starts it (token auth, health port on a free port), answering on loopback. */
  RunningPod sidecar() {
    SidecarRuntime runtime = SidecarRuntime.create();
    sidecars.add(runtime.vertx());
    try {
      Path token = Files.writeString(Files.createTempFile(dir, "token", ""), engine.rootToken());
      SidecarConfig c = TestConfigs.sidecar(URI.create(engine.address()));
      ListenConfig l = c.listen();
      int health = TestConfigs.deadVault().getPort();
      SidecarConfig config = new SidecarConfig(new ListenConfig(l.address(), l.port(), l.unixSocket(),
          l.requireRequestHeader(), l.maxBodyBytes(), l.clientTokenFile(), health, l.idleTimeout(), l.headerTimeout()),
          c.vault(), new AuthConfig(AuthMethod.TOKEN, token, c.auth().kubernetes(), c.auth().approle()), c.transit(),
          c.cache(), c.keystore(), c.rotation(), c.proxy(), c.webhook(), c.log());
      Sidecar sidecar = Sidecar.start(runtime.vertx(), config, runtime.registry(), Map.of(), Clock.systemUTC())
          .await();
      RunningPod pod = new RunningPod("http://127.0.0.1:" + sidecar.port(), health);
      Http.eventually(Duration.ofSeconds(20), () -> Http.send(Http.request(pod.base(), "/readyz").GET().build())
          .status() == 200);
      return pod;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lists a pod carrying the sidecar for transit/kasten, at 127.0.0.1 and {@code healthPort}. */
  void pod(String namespace, String name, String phase, int healthPort) {
    JsonObject pod = SidecarPodTest.pod(namespace, name, "injected", "containers", new JsonArray()
        .add(new JsonObject().put("name", "SIDECAR_TRANSIT_KEYS").put("value", "kasten")));
    pod.put("apiVersion", "v1").put("kind", "Pod");
    pod.getJsonObject("spec").getJsonArray("containers").getJsonObject(1).getJsonArray("ports").getJsonObject(0)
        .put("containerPort", healthPort);
    pod.put("status", new JsonObject().put("phase", phase).put("podIP", "127.0.0.1"));
    kube.create(PODS, namespace, pod).await();
  }

  /** Encrypts with the engine (root token) at the key's latest version. */
  String encrypt(String plaintextBase64) {
    return vault("/v1/transit/encrypt/kasten", new JsonObject().put("plaintext", plaintextBase64))
        .getJsonObject("data").getString("ciphertext");
  }

  JsonObject key() {
    return new JsonObject(Http.send(Http.request(engine.address(), "/v1/transit/keys/kasten")
        .header("X-Vault-Token", engine.rootToken()).GET().build()).body()).getJsonObject("data");
  }

  JsonObject vault(String path, JsonObject body) {
    Http.Answer answer = Http.send(Http.request(engine.address(), path).header("X-Vault-Token", engine.rootToken())
        .POST(BodyPublishers.ofString(body.encode())).build());
    return answer.body().isEmpty() ? new JsonObject() : answer.json();
  }

  /** A rotation of transit/kasten and the keystore, asking {@code seen}; its lines go to {@link #lines}. */
  Rotation rotation(SeenVersions seen) {
    return Rotation.of(vertx, session, memory, "transit", "kasten", Optional.of(keystore), seen, lines::add);
  }

  SeenVersions pods(List<String> namespaces) {
    return new PodsSeenVersions(vertx, KubeAccess.pods(kube), namespaces, Duration.ofSeconds(2));
  }

  @Override
  public void close() {
    sidecars.forEach(v -> v.close().await());
    kube.close();
    api.close();
    memory.close();
    engine.close().await();
    vertx.close().await();
  }

  /** A running sidecar: its loopback API and its health port. */
  record RunningPod(String base, int healthPort) {
    /** Decrypts {@code ciphertext} through this sidecar's proxy, as an application in the pod would. */
    void decrypt(String ciphertext) {
      Http.Answer answer = Http.send(Http.request(base, "/v1/transit/decrypt/kasten").header("X-Vault-Request", "true")
          .POST(BodyPublishers.ofString(new JsonObject().put("ciphertext", ciphertext).encode())).build());
      if (answer.status() != 200) {
        throw new AssertionError("decrypt through the sidecar: " + answer.status() + " " + answer.body());
      }
    }
  }
}
