package dev.transitsidecar.testing;

import dev.transitsidecar.devvault.SecretWitness;
import dev.transitsidecar.testing.SecretLedger.Kind;

/**
 * Records what the embedded engine mints and sees in the {@link SecretLedger}: registered in
 * {@code META-INF/services}, so every engine of every test JVM (and of child JVMs on the test class path) feeds it.
 */
public final class EngineWitness implements SecretWitness {
  @Override
  public void credential(String value) {
    SecretLedger.record(Kind.VAULT_TOKEN, value);
  }

  @Override
  public void plaintext(byte[] value) {
    SecretLedger.record(Kind.PLAINTEXT, value);
  }
}
