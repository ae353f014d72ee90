package dev.transitsidecar.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Transit key rotation (docs/rotation.md).
 *
 * @param interval zero means only on demand
 * @param minDecryptionVersion empty means {@code auto}; else 1 or more
 * @param interlock whom {@code rotate} asks for the versions still decrypted
 * @param k10 K10 mode (docs/k10.md)
 */
public record RotationConfig(Duration interval, OptionalInt minDecryptionVersion, Interlock interlock, K10 k10) {
  /** Without pods to ask and without K10 mode. */
  public RotationConfig(Duration interval, OptionalInt minDecryptionVersion) {
    this(interval, minDecryptionVersion, new Interlock(List.of(), Duration.ofSeconds(5)),
        new K10(Optional.empty(), "transit-sidecar-", Duration.ofMinutes(10)));
  }

  /**
   * @param namespaces where to list the pods that carry the sidecar for the key ({@code *}: every namespace); empty
   *     means the sidecar at {@code listen} only
   * @param timeout per pod
   */
  public record Interlock(List<String> namespaces, Duration timeout) {
    public Interlock {
      namespaces = List.copyOf(namespaces);
    }

    /** Whether {@code rotate} asks pods through the Kubernetes API. */
    public boolean inCluster() {
      return !namespaces.isEmpty();
    }
  }

  /**
   * @param namespace K10's namespace; K10 mode is on when it is set
   * @param passkeyPrefix the start of the new passkey's name
   * @param waitTimeout how long to wait for K10 to report the new passkey in use
   */
  public record K10(Optional<String> namespace, String passkeyPrefix, Duration waitTimeout) {
    public boolean enabled() {
      return namespace.isPresent();
    }
  }
}
