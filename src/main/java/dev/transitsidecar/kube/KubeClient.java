package dev.transitsidecar.kube;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small client of the Kubernetes API server, on Vert.x's WebClient: Secrets (get, create, replace with
 * optimistic concurrency), pods (list by label selector) and any resource by group, version and plural (get, list,
 * create, replace, delete) as JSON. Every call is a {@link Future}; a failure is a {@link KubeException} carrying the
 * API server's Status message (a {@link KubeConflictException} for 409), never a token or a Secret's data.
 *
 * <p>Configuration comes from the pod's service account ({@link #inCluster}) or a kubeconfig
 * ({@link #fromKubeconfig}); {@link #discover} picks as kubectl does. Creating a client reads small files
 * (kubeconfig, CA, keys) synchronously: create it off the event loop. A service account token is read again before
 * each call, so the kubelet's token rotation never breaks a long-lived client.
 */
public final class KubeClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubeClient.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int PAGE = 500;
  private static final ResourceType SECRETS = ResourceType.namespaced("", "v1", "secrets");
  private static final ResourceType PODS = ResourceType.namespaced("", "v1", "pods");

  private final Vertx vertx;
  private final KubeConnection connection;
  private final WebClient web;

  private KubeClient(Vertx vertx, KubeConnection connection) {
    this.vertx = vertx;
    this.connection = connection;
    this.web = WebClient.create(vertx, options(connection));
  }

  /**
   * The configuration kubectl would use: the files in {@code KUBECONFIG} when it is set; else the pod's service
   * account when running in a pod; else {@code ~/.kube/config}. Fails with a {@link KubeException} saying what was
   * looked for when none is there.
   */
  public static KubeClient discover(Vertx vertx) {
    return discover(vertx, System.getenv(), Path.of(InCluster.DEFAULT_DIR), Path.of(System.getProperty("user.home")));
  }

  /** As {@link #discover(Vertx)}, with {@code env} in place of the process's environment. */
  public static KubeClient discover(Vertx vertx, Map<String, String> env) {
    return discover(vertx, env, Path.of(InCluster.DEFAULT_DIR), Path.of(System.getProperty("user.home")));
  }

  static KubeClient discover(Vertx vertx, Map<String, String> env, Path serviceAccountDir, Path home) {
    boolean kubeconfigSet = !env.getOrDefault("KUBECONFIG", "").isBlank();
    if (!kubeconfigSet && InCluster.available(env, serviceAccountDir)) {
      return new KubeClient(vertx, InCluster.connection(env, serviceAccountDir));
    }
    return new KubeClient(vertx, Kubeconfig.connection(Kubeconfig.files(env, home), Optional.empty()));
  }

  /** The pod's own service account ({@code KUBERNETES_SERVICE_HOST}, its token, CA and namespace). */
  public static KubeClient inCluster(Vertx vertx) {
    return inCluster(vertx, System.getenv(), Path.of(InCluster.DEFAULT_DIR));
  }

  static KubeClient inCluster(Vertx vertx, Map<String, String> env, Path serviceAccountDir) {
    return new KubeClient(vertx, InCluster.connection(env, serviceAccountDir));
  }

  /** A kubeconfig file and a context in it (its {@code current-context} when empty). */
  public static KubeClient fromKubeconfig(Vertx vertx, Path kubeconfig, Optional<String> context) {
    return new KubeClient(vertx, Kubeconfig.connection(List.of(kubeconfig), context));
  }

  /** The default namespace: the pod's own in a cluster, the context's in a kubeconfig; empty when it names none. */
  public Optional<String> namespace() {
    return connection.namespace();
  }

  /** Where this client's configuration came from and the server's URL, for messages. */
  public String describe() {
    return connection.source() + ", server " + connection.server();
  }

  // Secrets

  /** {@code GET} the Secret; fails with a {@link KubeException} whose {@link KubeException#isNotFound()} is true. */
  public Future<Secret> getSecret(String namespace, String name) {
    return call(HttpMethod.GET, SECRETS.objectPath(namespace, name), "get secret " + namespace + "/" + name, null)
        .map(Secret::fromJson);
  }

  /** {@code POST} a new Secret; 409 (it exists) fails with a {@link KubeConflictException}. */
  public Future<Secret> createSecret(Secret secret) {
    JsonObject body = secret.toJson();
    body.getJsonObject("metadata").remove("resourceVersion");
    return call(HttpMethod.POST, SECRETS.collectionPath(secret.namespace()), "create secret " + secret.namespace()
        + "/" + secret.name(), body)
        .map(Secret::fromJson);
  }

  /**
   * {@code PUT} the Secret with the {@code resourceVersion} it was read with: the API server refuses it with 409
   * ({@link KubeConflictException}) when the Secret changed since. Answers the Secret as stored, with its new
   * {@code resourceVersion}.
   */
  public Future<Secret> replaceSecret(Secret secret) {
    if (secret.resourceVersion().isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("replaceSecret needs a Secret read from the API server"
          + " (it has no resourceVersion): " + secret));
    }
    return call(HttpMethod.PUT, SECRETS.objectPath(secret.namespace(), secret.name()), "update secret "
        + secret.namespace() + "/" + secret.name(), secret.toJson())
        .map(Secret::fromJson);
  }

  // Pods

  /**
   * The pods in {@code namespace} (every namespace when null) that match {@code labelSelector} (all when null or
   * empty), as the API server's JSON objects.
   */
  public Future<List<JsonObject>> listPods(String namespace, String labelSelector) {
    return list(PODS, namespace, labelSelector);
  }

  // Any resource

  /** {@code GET} one object; {@code namespace} null for a cluster-scoped type. */
  public Future<JsonObject> get(ResourceType type, String namespace, String name) {
    return call(HttpMethod.GET, type.objectPath(namespace, name), "get " + what(type, namespace, name), null);
  }

  /**
   * Every object of the type in {@code namespace} (for a namespaced type; null lists all namespaces; must be null
   * for a cluster-scoped type) matching {@code labelSelector} (all when null or empty), page by page.
   */
  public Future<List<JsonObject>> list(ResourceType type, String namespace, String labelSelector) {
    String path = type.namespaced() && namespace == null
        ? ResourceType.cluster(type.group(), type.version(), type.plural()).collectionPath(null)
        : type.collectionPath(namespace);
    return page(path, "list " + what(type, namespace, null), labelSelector, null, new ArrayList<>());
  }

  /** {@code POST} a new object (its {@code apiVersion} and {@code kind} as given in {@code body}). */
  public Future<JsonObject> create(ResourceType type, String namespace, JsonObject body) {
    String name = body.getJsonObject("metadata", new JsonObject()).getString("name", "");
    return call(HttpMethod.POST, type.collectionPath(namespace), "create " + what(type, namespace, name), body);
  }

  /** {@code PUT} an object with the {@code metadata.resourceVersion} it carries (409 when stale). */
  public Future<JsonObject> replace(ResourceType type, String namespace, JsonObject body) {
    String name = body.getJsonObject("metadata", new JsonObject()).getString("name", "");
    return call(HttpMethod.PUT, type.objectPath(namespace, name), "update " + what(type, namespace, name), body);
  }

  /** {@code DELETE} one object; a 404 fails with {@link KubeException#isNotFound()} true. */
  public Future<Void> delete(ResourceType type, String namespace, String name) {
    return call(HttpMethod.DELETE, type.objectPath(namespace, name), "delete " + what(type, namespace, name), null)
        .mapEmpty();
  }

  @Override
  public void close() {
    web.close();
  }

  @Override
  public String toString() {
    return "KubeClient[" + describe() + "]";
  }

  private Future<List<JsonObject>> page(String path, String call, String labelSelector, String cont,
      List<JsonObject> items) {
    return request(HttpMethod.GET, path, call, null, request -> {
      request.addQueryParam("limit", Integer.toString(PAGE));
      if (labelSelector != null && !labelSelector.isBlank()) {
        request.addQueryParam("labelSelector", labelSelector);
      }
      if (cont != null) {
        request.addQueryParam("continue", cont);
      }
    }).compose(answer -> {
      JsonArray page = answer.getJsonArray("items", new JsonArray());
      for (int i = 0; i < page.size(); i++) {
        items.add(page.getJsonObject(i));
      }
      String next = answer.getJsonObject("metadata", new JsonObject()).getString("continue", "");
      return next.isEmpty() ? Future.succeededFuture(List.copyOf(items)) : page(path, call, labelSelector, next, items);
    });
  }

  private Future<JsonObject> call(HttpMethod method, String path, String call, JsonObject body) {
    return request(method, path, call, body, request -> {});
  }

  private Future<JsonObject> request(HttpMethod method, String path, String call, JsonObject body,
      Consumer<HttpRequest<Buffer>> query) {
    String server = connection.server().toString();
    String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    return connection.token().forHeader(vertx)
        .compose(authorization -> {
          HttpRequest<Buffer> request = web.requestAbs(method, base + path)
              .timeout(TIMEOUT.toMillis())
              .putHeader("Accept", "application/json");
          authorization.ifPresent(value -> request.putHeader("Authorization", value));
          query.accept(request);
          return body == null ? request.send() : request.sendJsonObject(body);
        })
        .recover(e -> Future.failedFuture(ApiAnswers.unreachable(call, server, e)))
        .compose(response -> ApiAnswers.json(call, response));
  }

  private static String what(ResourceType type, String namespace, String name) {
    String kind = type.plural() + (type.group().isEmpty() ? "" : "." + type.group());
    if (name == null) {
      return namespace == null ? kind : kind + " in " + namespace;
    }
    return kind + " " + (namespace == null ? "" : namespace + "/") + name;
  }

  private static WebClientOptions options(KubeConnection connection) {
    WebClientOptions options = new WebClientOptions()
        .setUserAgent("transit-sidecar")
        .setConnectTimeout((int) Duration.ofSeconds(10).toMillis())
        .setFollowRedirects(false);
    connection.caPem().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertValue(ca)));
    if (connection.clientCertPem().isPresent()) {
      options.setKeyCertOptions(new PemKeyCertOptions()
          .addCertValue(connection.clientCertPem().get())
          .addKeyValue(connection.clientKeyPem().orElseThrow()));
    }
    if (connection.insecureSkipTlsVerify()) {
      LOG.warn("{}: insecure-skip-tls-verify is true: the API server's certificate is NOT verified",
          connection.source());
      options.setTrustAll(true).setVerifyHost(false);
    }
    return options;
  }
}
