package dev.transitsidecar.proxy;

import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;

/** Reads {@code listen.clientTokenFile} (the pod-local client token) without blocking an event loop. */
public final class ClientTokenFile {
  private ClientTokenFile() {}

  /**
   * The token the file holds, or empty when no file is configured. Fails with a message that names the file and
   * never repeats its content.
   */
  public static Future<Optional<VaultToken>> read(Vertx vertx, Optional<Path> file) {
    if (file.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    String path = file.get().toString();
    return vertx.fileSystem().readFile(path)
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "listen.clientTokenFile: cannot read " + path + " (" + e.getClass().getSimpleName() + ")")))
        .map(content -> Optional.of(parse(path, content.toString())));
  }

  private static VaultToken parse(String path, String content) {
    try {
      return VaultToken.of(content);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("listen.clientTokenFile: " + path + ": " + e.getMessage());
    }
  }
}
