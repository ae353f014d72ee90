package dev.transitsidecar.testing;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's Kubernetes mock API server in CRUD mode on loopback (port 0): it stores what is created, keeps
 * {@code resourceVersion} and answers 409 to an update that carries a stale one, as a real API server does. K10's
 * cluster-scoped {@code passkeys.vault.kio.kasten.io} is known to it. Plain HTTP, or HTTPS with a self-signed
 * certificate for {@code localhost} ({@link #caFile()}) for the in-cluster configuration.
 *
 * <p>{@link #beforeNextUpdate} runs a test's change just before the server handles the next update of a path, so a
 * conflict can be injected between a client's read and its write.
 */
public final class KubeApiMock implements AutoCloseable {
  public static final CustomResourceDefinitionContext PASSKEYS = new CustomResourceDefinitionContext.Builder()
      .withGroup("vault.kio.kasten.io").withVersion("v1alpha1").withPlural("passkeys").withKind("Passkey")
      .withScope("Cluster").build();

  private final MockWebServer web = new MockWebServer();
  private final HookedDispatcher dispatcher = new HookedDispatcher();
  private final KubernetesMockServer server;
  private final boolean https;

  private KubeApiMock(boolean https) {
    this.https = https;
    if (https) {
      web.useHttps();
    }
    server = new KubernetesMockServer(new Context(), web, new HashMap<>(), dispatcher, https);
  }

  /** A started server on a free loopback port. */
  public static KubeApiMock start(boolean https) {
    KubeApiMock mock = new KubeApiMock(https);
    mock.server.init(InetAddress.getLoopbackAddress(), 0);
    return mock;
  }

  /** {@code http://localhost:port} or {@code https://localhost:port}. */
  public String url() {
    return (https ? "https" : "http") + "://localhost:" + web.getPort();
  }

  public int port() {
    return web.getPort();
  }

  /** The self-signed certificate the HTTPS server shows (it is its own CA). */
  public Path caFile() {
    return Path.of(web.getSelfSignedCertificate().certificatePath());
  }

  /** Writes a kubeconfig for this server (a token user, {@code namespace} as the context's) and returns its path. */
  public Path writeKubeconfig(Path dir, String namespace) {
    String cluster = https
        ? "    server: " + url() + "\n    certificate-authority: " + caFile() + "\n"
        : "    server: " + url() + "\n";
    String text = "apiVersion: v1\nkind: Config\ncurrent-context: mock\n"
        + "clusters:\n- name: mock\n  cluster:\n" + cluster
        + "users:\n- name: tester\n  user:\n    token: mock-api-token\n"
        + "contexts:\n- name: mock\n  context:\n    cluster: mock\n    user: tester\n    namespace: " + namespace
        + "\n";
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("kubeconfig");
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code change} once, on the server's thread, just before it handles the next PUT to {@code path} (for
   * example {@code /api/v1/namespaces/ns/secrets/name}); {@code change} may call {@link #update} to change the object.
   */
  public void beforeNextUpdate(String path, Runnable change) {
    dispatcher.hooks.put(path, change);
  }

  /** Replaces the object at {@code path} with {@code json} through the server's own update (no precondition). */
  public void update(String path, String json) {
    dispatcher.handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path,
        Headers.builder().add("Content-Type", "application/json").build(),
        new Buffer(json.getBytes(StandardCharsets.UTF_8))));
  }

  /** The object stored at {@code path} as JSON, read on the server's side (safe inside a hook); null when absent. */
  public String stored(String path) {
    Map.Entry<?, String> found = dispatcher.findResource(dispatcher.getKey(path));
    return found == null ? null : found.getValue();
  }

  /** Every request the server received since the last call, oldest first. */
  public List<RecordedRequest> takeRequests() {
    List<RecordedRequest> requests = new ArrayList<>();
    try {
      for (RecordedRequest r = web.takeRequest(0, TimeUnit.MILLISECONDS); r != null;
          r = web.takeRequest(0, TimeUnit.MILLISECONDS)) {
        requests.add(r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return requests;
  }

  @Override
  public void close() {
    server.destroy();
  }

  /** The CRUD dispatcher with a one-shot hook per path before an update. */
  private static final class HookedDispatcher extends KubernetesCrudDispatcher {
    private final Map<String, Runnable> hooks = new ConcurrentHashMap<>();

    HookedDispatcher() {
      super(List.of(PASSKEYS));
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
      Runnable hook = hooks.remove(request.getPath());
      if (hook != null) {
        hook.run();
      }
      return super.handleUpdate(request);
    }
  }
}
