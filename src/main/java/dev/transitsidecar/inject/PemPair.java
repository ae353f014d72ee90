package dev.transitsidecar.inject;

import io.vertx.core.net.impl.pkcs1.PrivateKeyParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;

/**
 * A server certificate chain and its private key, parsed from the bytes of their PEM files: the certificates as
 * X.509 (the server's first), the key as PKCS #8 ({@code PRIVATE KEY}: RSA, EC or EdDSA), PKCS #1
 * ({@code RSA PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}), the encodings cert-manager, Helm's
 * {@code genSignedCert} and openssl write. The key's text never becomes a {@code String}, and the decoded bytes are
 * cleared once parsed. Holds the key, so its {@code toString} is redacted.
 */
final class PemPair {
  private static final byte[] BEGIN = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DASHES = "-----".getBytes(StandardCharsets.US_ASCII);
  private static final List<String> PKCS8_ALGORITHMS = List.of("RSA", "EC", "EdDSA");
  /**
   * The password of the in-memory key store that hands the key to the JDK's key manager. It protects nothing (the key
   * is in this process's memory and in the mounted file either way); the store is JKS because its key protection
   * costs microseconds, where PKCS #12's is 10,000 rounds of PBKDF2 each way, about 100 ms of CPU at every start and
   * every reload of the certificate under the image's C1-only JIT.
   */
  private static final char[] IN_MEMORY = "in-memory".toCharArray();

  private final PrivateKey key;
  private final X509Certificate[] chain;

  private PemPair(PrivateKey key, X509Certificate[] chain) {
    this.key = key;
    this.chain = chain;
  }

  /** Throws an {@link IllegalStateException} with a one-line reason naming the setting at fault, never the key. */
  static PemPair parse(byte[] certificates, byte[] key) {
    return new PemPair(privateKey(key), chain(certificates));
  }

  PrivateKey key() {
    return key;
  }

  X509Certificate certificate() {
    return chain[0];
  }

  /** A key manager factory (the JDK's default algorithm) that serves this pair. */
  KeyManagerFactory keyManagers() {
    try {
      KeyStore store = KeyStore.getInstance("JKS");
      store.load(null, null);
      store.setKeyEntry("webhook", key, IN_MEMORY, chain);
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, IN_MEMORY);
      return factory;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("webhook.certFile, webhook.keyFile: the JDK refuses the pair ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public String toString() {
    return "PemPair[certificate chain and key, redacted]";
  }

  private static X509Certificate[] chain(byte[] pem) {
    try {
      X509Certificate[] chain = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem)).stream()
          .map(X509Certificate.class::cast)
          .toArray(X509Certificate[]::new);
      if (chain.length == 0) {
        throw new IllegalStateException("webhook.certFile: holds no PEM certificate");
      }
      return chain;
    } catch (CertificateException e) {
      throw new IllegalStateException("webhook.certFile: does not parse as PEM certificates ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** The first private key block of {@code pem}. */
  private static PrivateKey privateKey(byte[] pem) {
    for (int begin = indexOf(pem, BEGIN, 0); begin >= 0; begin = indexOf(pem, BEGIN, begin + BEGIN.length)) {
      int labelStart = begin + BEGIN.length;
      int labelEnd = indexOf(pem, DASHES, labelStart);
      if (labelEnd < 0) {
        break;
      }
      String label = new String(pem, labelStart, labelEnd - labelStart, StandardCharsets.US_ASCII);
      if (!label.endsWith("PRIVATE KEY")) {
        continue;
      }
      byte[] end = ("-----END " + label + "-----").getBytes(StandardCharsets.US_ASCII);
      int bodyStart = labelEnd + DASHES.length;
      int bodyEnd = indexOf(pem, end, bodyStart);
      if (bodyEnd < 0) {
        throw new IllegalStateException("webhook.keyFile: the " + label + " block has no END line");
      }
      byte[] der = decode(Arrays.copyOfRange(pem, bodyStart, bodyEnd));
      try {
        return privateKey(label, der);
      } finally {
        Arrays.fill(der, (byte) 0);
      }
    }
    throw new IllegalStateException("webhook.keyFile: holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or "
        + "EC PRIVATE KEY)");
  }

  private static PrivateKey privateKey(String label, byte[] der) {
    try {
      return switch (label) {
        case "PRIVATE KEY" -> pkcs8(der);
        case "RSA PRIVATE KEY" -> generate("RSA", PrivateKeyParser.getRSAKeySpec(der));
        case "EC PRIVATE KEY" -> generate("EC", PrivateKeyParser.getECKeySpec(der));
        default -> throw new IllegalStateException("webhook.keyFile: a " + label + " block is not supported; "
            + "write the key unencrypted, as PRIVATE KEY (PKCS #8), RSA PRIVATE KEY or EC PRIVATE KEY");
      };
    } catch (IllegalStateException ours) {
      throw ours;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException("webhook.keyFile: the " + label + " block does not parse ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    for (String algorithm : PKCS8_ALGORITHMS) {
      try {
        return generate(algorithm, new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException notThisAlgorithm) {
        // the next one
      }
    }
    throw new IllegalStateException("webhook.keyFile: the key is not RSA, EC or EdDSA");
  }

  private static PrivateKey generate(String algorithm, KeySpec spec) throws GeneralSecurityException {
    return KeyFactory.getInstance(algorithm).generatePrivate(spec);
  }

  /** Base64 with the line breaks of PEM; clears its input. */
  private static byte[] decode(byte[] body) {
    try {
      return Base64.getMimeDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("webhook.keyFile: the key block is not Base64");
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  private static int indexOf(byte[] in, byte[] what, int from) {
    for (int i = from; i <= in.length - what.length; i++) {
      if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
        return i;
      }
    }
    return -1;
  }
}
