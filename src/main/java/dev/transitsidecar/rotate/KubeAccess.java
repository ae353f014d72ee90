package dev.transitsidecar.rotate;

import dev.transitsidecar.kube.KubeClient;
import dev.transitsidecar.kube.KubeException;
import dev.transitsidecar.kube.ResourceType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/** The interlock's pods and K10's passkeys through the project's Kubernetes client. */
public final class KubeAccess {
  static final ResourceType PASSKEYS = ResourceType.cluster(PasskeyApi.GROUP, PasskeyApi.VERSION,
      PasskeyApi.PLURAL);

  private KubeAccess() {}

  /** Pods of a namespace, {@code *} for every namespace. */
  public static PodSource pods(KubeClient client) {
    return namespace -> client.listPods(namespace.equals("*") ? null : namespace, null);
  }

  public static PasskeyApi passkeys(KubeClient client) {
    return new PasskeyApi() {
      @Override
      public Future<List<JsonObject>> list() {
        return client.list(PASSKEYS, null, null);
      }

      @Override
      public Future<Optional<JsonObject>> get(String name) {
        return client.get(PASSKEYS, null, name)
            .map(Optional::of)
            .recover(e -> e instanceof KubeException k && k.isNotFound()
                ? Future.succeededFuture(Optional.empty())
                : Future.failedFuture(e));
      }

      @Override
      public Future<JsonObject> create(JsonObject passkey) {
        return client.create(PASSKEYS, null, passkey);
      }

      @Override
      public Future<Void> delete(String name) {
        return client.delete(PASSKEYS, null, name);
      }
    };
  }
}
