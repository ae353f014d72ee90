package dev.transitsidecar.rotate;

import dev.transitsidecar.kube.KubeClient;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.KubeApiMock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for K10's passkey controller, watching {@code passkeys.vault.kio.kasten.io} in the mock API server: on
 * a new Vault passkey with {@code usenow: true} it wraps its primary key again with Transit {@code encrypt} through
 * the sidecar in its pod, then marks that passkey {@code status.inuse: true} and every other one {@code false}. As
 * K10 does, it decrypts its primary key through the sidecar ({@link #decryptPrimaryKey()}), which is what the
 * sidecar then reports as seen. Its {@link Mode} selects the failure paths.
 */
final class K10Double implements AutoCloseable {
  enum Mode {
    /** Re-wraps and marks the new passkey in use; decrypts the new ciphertext from then on. */
    REWRAPS,
    /** Never marks a new passkey in use. */
    NEVER_MARKS,
    /** Marks the new passkey in use but keeps decrypting its old ciphertext. */
    KEEPS_OLD_CIPHERTEXT,
    /** Marks it with a status.inuse that is not a boolean. */
    ANSWERS_UNDOCUMENTED
  }

  static final String PRIMARY_KEY = "cHJpbWFyeS1rZXktb2YtazEwLWZvci10ZXN0cw==";

  private final Vertx vertx;
  private final KubeClient kube;
  private final KubeApiMock api;
  private final ClusterFixture.RunningPod sidecar;
  private final Mode mode;
  private final Set<String> handled = new HashSet<>();
  private final AtomicReference<String> ciphertext = new AtomicReference<>();
  private final long timer;

  K10Double(Vertx vertx, KubeClient kube, KubeApiMock api, ClusterFixture.RunningPod sidecar, Mode mode,
      String initialCiphertext) {
    this.vertx = vertx;
    this.kube = kube;
    this.api = api;
    this.sidecar = sidecar;
    this.mode = mode;
    this.ciphertext.set(initialCiphertext);
    this.timer = vertx.setPeriodic(20, id -> reconcile());
  }

  private void reconcile() {
    kube.list(KubeAccess.PASSKEYS, null, null).onSuccess(this::reconcile);
  }

  private synchronized void reconcile(List<JsonObject> passkeys) {
    for (JsonObject passkey : passkeys) {
      String name = passkey.getJsonObject("metadata").getString("name");
      JsonObject spec = passkey.getJsonObject("spec", new JsonObject());
      if (handled.contains(name) || !spec.getBoolean("usenow", false)
          || passkey.getJsonObject("status", new JsonObject()).getValue("inuse") != null) {
        continue;
      }
      handled.add(name);
      if (mode == Mode.NEVER_MARKS) {
        continue;
      }
      vertx.executeBlocking(() -> {
        String wrapped = encryptThroughTheSidecar();
        if (mode != Mode.KEEPS_OLD_CIPHERTEXT) {
          ciphertext.set(wrapped);
        }
        markInUse(name, passkeys);
        return null;
      });
    }
  }

  private String encryptThroughTheSidecar() {
    Http.Answer answer = Http.send(Http.request(sidecar.base(), "/v1/transit/encrypt/kasten")
        .header("X-Vault-Request", "true")
        .POST(BodyPublishers.ofString(new JsonObject().put("plaintext", PRIMARY_KEY).encode())).build());
    return answer.json().getJsonObject("data").getString("ciphertext");
  }

  private void markInUse(String name, List<JsonObject> passkeys) {
    for (JsonObject passkey : passkeys) {
      String other = passkey.getJsonObject("metadata").getString("name");
      Object inUse = other.equals(name) ? (mode == Mode.ANSWERS_UNDOCUMENTED ? "Yes" : Boolean.TRUE) : Boolean.FALSE;
      JsonObject marked = passkey.copy().put("status", new JsonObject().put("inuse", inUse));
      api.update("/apis/vault.kio.kasten.io/v1alpha1/passkeys/" + other, marked.encode());
    }
  }

  /** K10 unwrapping its primary key through the sidecar, with the ciphertext it holds now. */
  void decryptPrimaryKey() {
    sidecar.decrypt(ciphertext.get());
  }

  String ciphertext() {
    return ciphertext.get();
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }
}
