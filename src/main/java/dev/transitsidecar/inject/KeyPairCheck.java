package dev.transitsidecar.inject;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * Checks that a PEM key and certificate load and belong together, by signing a random challenge with the key and
 * verifying it with the certificate's public key. Vert.x itself accepts a mismatched pair and then fails every
 * handshake, which would turn a bad renewal into an outage. CPU only, no I/O.
 */
final class KeyPairCheck {
  private static final List<String> KEY_TYPES = List.of("EC", "RSA", "EdDSA", "Ed25519", "RSASSA-PSS");
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyPairCheck() {}

  /** Throws an {@link IllegalStateException} with a one-line reason (never the key) when the pair is not usable. */
  static void check(Vertx vertx, PemKeyCertOptions pair) {
    X509KeyManager manager = keyManager(vertx, pair);
    String alias = KEY_TYPES.stream()
        .map(type -> manager.getServerAliases(type, null))
        .filter(aliases -> aliases != null && aliases.length > 0)
        .map(aliases -> aliases[0])
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("webhook.keyFile: the key is not RSA, EC or EdDSA"));
    PrivateKey key = manager.getPrivateKey(alias);
    X509Certificate certificate = manager.getCertificateChain(alias)[0];
    if (!signs(key, certificate)) {
      throw new IllegalStateException("webhook.keyFile: the key does not belong to the certificate in "
          + "webhook.certFile");
    }
  }

  private static X509KeyManager keyManager(Vertx vertx, PemKeyCertOptions pair) {
    try {
      KeyManager[] managers = pair.getKeyManagerFactory(vertx).getKeyManagers();
      return Optional.ofNullable(managers.length > 0 && managers[0] instanceof X509KeyManager m ? m : null)
          .orElseThrow(() -> new IllegalStateException("no X.509 key manager"));
    } catch (Exception e) {
      throw new IllegalStateException("webhook.certFile, webhook.keyFile: do not load as a matching PEM certificate and private key ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private static boolean signs(PrivateKey key, X509Certificate certificate) {
    byte[] challenge = new byte[32];
    RANDOM.nextBytes(challenge);
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "RSASSA-PSS" -> "RSASSA-PSS";
      default -> "Ed25519";
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
