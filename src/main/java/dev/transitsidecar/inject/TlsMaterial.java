package dev.transitsidecar.inject;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
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
   * Reads both files, the certificate first (so when both are missing the message always names the certificate), and
   * checks that they hold a matching certificate and key; fails with a one-line message naming the setting at fault.
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

  /**
   * On a worker thread: the reads, and the parsing and the check, which sign and verify a challenge (tens of
   * milliseconds under the image's C1-only JIT), stay off the event loop that serves the reviews.
   */
  private static Future<TlsMaterial> read(Vertx vertx, Path certFile, Path keyFile, TlsMaterial previous) {
    return vertx.executeBlocking(() -> parsed(readFile("webhook.certFile", certFile),
        readFile("webhook.keyFile", keyFile), previous));
  }

  /**
   * The pair, once it is known to parse and to match ({@link KeyPairCheck}), or {@code previous} if the files are
   * unchanged; throws otherwise. Clears the key read.
   */
  private static TlsMaterial parsed(byte[] certificate, byte[] key, TlsMaterial previous) {
    try {
      byte[] digest = digest(certificate, key);
      if (previous != null && MessageDigest.isEqual(digest, previous.digest)) {
        return previous;
      }
      PemPair pair = PemPair.parse(certificate, key);
      KeyPairCheck.check(pair.key(), pair.certificate());
      return new TlsMaterial(pair.keyManagers(), digest);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] readFile(String setting, Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalStateException(setting + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
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
