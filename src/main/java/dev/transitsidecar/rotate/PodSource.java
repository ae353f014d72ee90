package dev.transitsidecar.rotate;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The pods of a namespace ({@code *}: of every namespace) as the Kubernetes API lists them. */
@FunctionalInterface
public interface PodSource {
  Future<List<JsonObject>> pods(String namespace);
}
