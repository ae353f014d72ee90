package dev.transitsidecar.inject;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Checks that a private key belongs to a certificate, by signing a random challenge with the key and verifying it
 * with the certificate's public key. Vert.x itself accepts a mismatched pair and then fails every handshake, which
 * would turn a bad renewal into an outage. CPU only, no I/O.
 */
final class KeyPairCheck {
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyPairCheck() {}

  /** Throws an {@link IllegalStateException} with a one-line reason (never the key) when the pair is not usable. */
  static void check(PrivateKey key, X509Certificate certificate) {
    if (!signs(key, certificate)) {
      throw new IllegalStateException("webhook.keyFile: the key does not belong to the certificate in "
          + "webhook.certFile");
    }
  }

  private static boolean signs(PrivateKey key, X509Certificate certificate) {
    byte[] challenge = new byte[32];
    RANDOM.nextBytes(challenge);
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> "EdDSA";
    };
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
