package dev.transitsidecar.devvault;

import java.util.List;
import java.util.ServiceLoader;

/** The {@link SecretWitness}es on the class path, loaded once; none outside the test suite. */
final class Witnesses {
  private static final List<SecretWitness> ALL = ServiceLoader.load(SecretWitness.class).stream()
      .map(ServiceLoader.Provider::get).toList();

  private Witnesses() {}

  static void credential(String value) {
    if (value != null) {
      ALL.forEach(w -> w.credential(value));
    }
  }

  static void plaintext(byte[] value) {
    if (value != null && !ALL.isEmpty()) {
      ALL.forEach(w -> w.plaintext(value.clone()));
    }
  }
}
