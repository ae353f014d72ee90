package dev.transitsidecar.rotate;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * K10's {@code passkeys.vault.kio.kasten.io} resource (cluster-scoped) through the Kubernetes API: what the K10
 * mode of a rotation calls. Each call fails with the API server's refusal (status and message) as it came.
 */
public interface PasskeyApi {
  String GROUP = "vault.kio.kasten.io";
  String VERSION = "v1alpha1";
  String PLURAL = "passkeys";

  Future<List<JsonObject>> list();

  Future<Optional<JsonObject>> get(String name);

  Future<JsonObject> create(JsonObject passkey);

  Future<Void> delete(String name);
}
