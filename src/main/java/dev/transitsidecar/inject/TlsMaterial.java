package dev.transitsidecar.inject;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The webhook's certificate chain and private key, as read from their PEM files (mounted from a Secret). Holds the
 * key, so it has no readable {@code toString}; two readings are compared by a digest of both files.
 */
final class TlsMaterial {
  private final Buffer certificate;
  private final Buffer key;
  private final byte[] digest;

  private TlsMaterial(Buffer certificate, Buffer key) {
    this.certificate = certificate;
    this.key = key;
    this.digest = digest(certificate, key);
  }

  /**
   * Reads both files without blocking (at the same time) and checks that they hold a matching certificate and key;
   * fails with a one-line message naming the setting at fault, the certificate's first when both are at fault.
   */
  static Future<TlsMaterial> read(Vertx vertx, Path certFile, Path keyFile) {
    Future<Buffer> certificate = readFile(vertx, "webhook.certFile", certFile);
    Future<Buffer> key = readFile(vertx, "webhook.keyFile", keyFile);
    return certificate
        .compose(c -> key.map(k -> new TlsMaterial(c, k)))
        .map(read -> read.checked(vertx));
  }

  private static Future<Buffer> readFile(Vertx vertx, String setting, Path file) {
    return vertx.fileSystem().readFile(file.toString())
        .recover(e -> Future.failedFuture(new IllegalStateException(setting + ": cannot read " + file + " ("
            + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + ")")));
  }

  /** This pair, once it is known to load and to match ({@link KeyPairCheck}); throws otherwise. */
  private TlsMaterial checked(Vertx vertx) {
    KeyPairCheck.check(vertx, keyCertOptions());
    return this;
  }

  ServerSSLOptions sslOptions() {
    return new ServerSSLOptions().setKeyCertOptions(keyCertOptions());
  }

  PemKeyCertOptions keyCertOptions() {
    return new PemKeyCertOptions().setCertValue(certificate).setKeyValue(key);
  }

  /** True when both files hold what they held for {@code other}. */
  boolean sameAs(TlsMaterial other) {
    return MessageDigest.isEqual(digest, other.digest);
  }

  @Override
  public String toString() {
    return "TlsMaterial[certificate and key, redacted]";
  }

  private static byte[] digest(Buffer certificate, Buffer key) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(certificate.getBytes());
      sha256.update((byte) 0);
      sha256.update(key.getBytes());
      return sha256.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
