package dev.transitsidecar.inject;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;

/**
 * The webhook's certificate chain and private key, as read from their PEM files (mounted from a Secret), parsed and
 * checked once per reading into the key manager the server uses. Holds the key, so it has no readable
 * {@code toString}; two readings are compared by a digest of both files.
 */
final class TlsMaterial {
  private final KeyManagerFactory keyManagers;
  private final byte[] digest;

  private TlsMaterial(KeyManagerFactory keyManagers, byte[] digest) {
    this.keyManagers = keyManagers;
    this.digest = digest;
  }

  /**
   * Reads both files without blocking, the certificate first (so when both are missing the message always names
   * the certificate), and checks that they hold a matching certificate and key; fails with a one-line message naming
   * the setting at fault.
   */
  static Future<TlsMaterial> read(Vertx vertx, Path certFile, Path keyFile) {
    return read(vertx, certFile, keyFile, null);
  }

  /**
   * Reads both files again: this pair when they still hold what they held for it (nothing is parsed), else the new
   * pair as {@link #read} gives it.
   */
  Future<TlsMaterial> reread(Vertx vertx, Path certFile, Path keyFile) {
    return read(vertx, certFile, keyFile, this);
  }

  private static Future<TlsMaterial> read(Vertx vertx, Path certFile, Path keyFile, TlsMaterial previous) {
    Future<Buffer> certificate = readFile(vertx, "webhook.certFile", certFile);
    return certificate
        .compose(cert -> readFile(vertx, "webhook.keyFile", keyFile))
        .map(key -> parsed(certificate.result(), key, previous));
  }

  /**
   * The pair, once it is known to parse and to match ({@link KeyPairCheck}), or {@code previous} if the files are
   * unchanged; throws otherwise. Clears the key read.
   */
  private static TlsMaterial parsed(Buffer certificate, Buffer key, TlsMaterial previous) {
    byte[] certificateBytes = certificate.getBytes();
    byte[] keyBytes = key.getBytes();
    try {
      byte[] digest = digest(certificateBytes, keyBytes);
      if (previous != null && MessageDigest.isEqual(digest, previous.digest)) {
        return previous;
      }
      PemPair pair = PemPair.parse(certificateBytes, keyBytes);
      KeyPairCheck.check(pair.key(), pair.certificate());
      return new TlsMaterial(pair.keyManagers(), digest);
    } finally {
      Arrays.fill(keyBytes, (byte) 0);
      key.setBytes(0, new byte[key.length()]);
    }
  }

  private static Future<Buffer> readFile(Vertx vertx, String setting, Path file) {
    return vertx.fileSystem().readFile(file.toString())
        .recover(e -> Future.failedFuture(new IllegalStateException(setting + ": cannot read " + file + " ("
            + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + ")")));
  }

  ServerSSLOptions sslOptions() {
    return new ServerSSLOptions().setKeyCertOptions(keyCertOptions());
  }

  KeyCertOptions keyCertOptions() {
    return KeyCertOptions.wrap(keyManagers);
  }

  @Override
  public String toString() {
    return "TlsMaterial[certificate and key, redacted]";
  }

  private static byte[] digest(byte[] certificate, byte[] key) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(certificate);
      sha256.update((byte) 0);
      sha256.update(key);
      return sha256.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
