package dev.transitsidecar.rotate;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the interlock learns which ciphertext versions were decrypted recently: the running sidecar's
 * {@code GET /sidecar/v1/status} for the {@code rotate} command ({@link SidecarStatus}), every pod that carries the
 * sidecar for the key in the cluster ({@link PodsSeenVersions}), the decrypt cache itself inside the sidecar. Never
 * fails: a source that cannot answer says why in its {@link Report}.
 */
@FunctionalInterface
public interface SeenVersions {
  /** The versions of Transit key {@code key} on {@code mount} decrypted within {@code cache.ttl}. */
  Future<Report> of(String mount, String key);

  /**
   * One source's answer, or (in the cluster) the answers of every pod.
   *
   * @param where where the versions were seen, for messages
   * @param versions empty when the source did not answer
   * @param problem why it did not answer (empty when it did)
   * @param holdsBack a source whose versions are unknown and that must hold the raise back (a running pod that
   *     did not answer); a local sidecar that does not answer does not (as {@code rotate} has always done)
   * @param pods in the cluster, one report per pod that carries the sidecar for the key (empty list: none found)
   */
  record Report(String where, Optional<Map<Integer, Instant>> versions, String problem, boolean holdsBack,
      Optional<List<Report>> pods) {
    public Report {
      pods = pods.map(List::copyOf);
    }

    public static Report answered(String where, Map<Integer, Instant> versions) {
      return new Report(where, Optional.of(Map.copyOf(versions)), "", false, Optional.empty());
    }

    public static Report unanswered(String where, String problem) {
      return new Report(where, Optional.empty(), problem, false, Optional.empty());
    }

    /** A running pod that did not answer: its versions are unknown, so the raise waits for it. */
    static Report silent(String where, String problem) {
      return new Report(where, Optional.empty(), problem, true, Optional.empty());
    }

    /** The pods that carry the sidecar for the key in {@code where} (the namespaces asked). */
    static Report ofPods(String where, List<Report> pods) {
      return new Report(where, Optional.empty(), "", false, Optional.of(pods));
    }

    /** The single answers: each pod's, or this one. */
    List<Report> answers() {
      return pods.orElse(List.of(this));
    }
  }
}
