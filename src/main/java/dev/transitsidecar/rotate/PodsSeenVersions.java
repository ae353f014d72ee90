package dev.transitsidecar.rotate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The interlock across a cluster (docs/rotation.md, "Rotating in a cluster"): lists the pods of the configured
 * namespaces, keeps those that carry the sidecar for the key ({@link SidecarPod}), and asks each running one for
 * {@code GET /seen-versions} on its health port at its pod IP. A running pod that does not answer (no IP or port yet,
 * no answer within the timeout, an error status, an unreadable body) holds the raise back; a pod that is not
 * running is not asked (it decrypts nothing, and a new one reads the keystore as it is now). A failure to list the
 * pods fails the rotation before anything changes.
 */
public final class PodsSeenVersions implements SeenVersions {
  private final Vertx vertx;
  private final PodSource source;
  private final List<String> namespaces;
  private final Duration timeout;

  public PodsSeenVersions(Vertx vertx, PodSource source, List<String> namespaces, Duration timeout) {
    this.vertx = vertx;
    this.source = source;
    this.namespaces = List.copyOf(namespaces);
    this.timeout = timeout;
  }

  @Override
  public Future<Report> of(String mount, String key) {
    String where = "the pods carrying the sidecar for " + mount + "/" + key + " in " + (namespaces.contains("*")
        ? "every namespace" : "namespaces " + String.join(", ", namespaces));
    List<Future<List<JsonObject>>> lists = namespaces.stream().map(source::pods).toList();
    return Future.all(lists)
        .recover(e -> Future.failedFuture(new RotationException("cannot list the pods of " + String.join(", ",
            namespaces) + " to ask their sidecars: " + e.getMessage())))
        .compose(all -> {
          List<SidecarPod> pods = new ArrayList<>();
          lists.forEach(list -> list.result().forEach(pod -> SidecarPod.carrying(pod, mount, key)
              .filter(p -> pods.stream().noneMatch(q -> q.id().equals(p.id())))
              .ifPresent(pods::add)));
          WebClient client = WebClient.create(vertx);
          List<Future<Report>> answers = pods.stream().map(pod -> ask(client, pod, mount, key)).toList();
          return Future.join(answers)
              .transform(done -> Future.succeededFuture(Report.ofPods(where,
                  answers.stream().map(Future::result).toList())))
              .onComplete(done -> client.close());
        });
  }

  private Future<Report> ask(WebClient client, SidecarPod pod, String mount, String key) {
    if (!pod.running()) {
      return Future.succeededFuture(Report.unanswered("pod " + pod.id(), "not running (" + pod.phase()
          + "): not asked"));
    }
    if (pod.ip().isEmpty() || pod.healthPort().isEmpty()) {
      return Future.succeededFuture(Report.silent("pod " + pod.id(), pod.ip().isEmpty() ? "it has no IP yet"
          : "its sidecar has no " + SidecarPod.HEALTH_PORT_NAME + " port"));
    }
    String host = pod.ip().get();
    int port = pod.healthPort().getAsInt();
    String where = "pod " + pod.id() + " (" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + ")";
    return client.get(port, host, "/seen-versions")
        .timeout(timeout.toMillis())
        .send()
        .map(response -> report(where, mount, key, response))
        .otherwise(e -> Report.silent(where, "no answer (" + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"));
  }

  private static Report report(String where, String mount, String key, HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      return Report.silent(where, "it answered status " + response.statusCode());
    }
    try {
      JsonObject versions = response.bodyAsJsonObject().getJsonObject("seen_versions")
          .getJsonObject(mount, new JsonObject()).getJsonObject(key, new JsonObject());
      Map<Integer, Instant> parsed = new TreeMap<>();
      versions.forEach(e -> parsed.put(Integer.parseInt(e.getKey()), Instant.parse((String) e.getValue())));
      return Report.answered(where, parsed);
    } catch (RuntimeException e) {
      return Report.silent(where, "its answer has no readable seen_versions");
    }
  }
}
