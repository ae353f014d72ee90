package dev.transitsidecar.kube;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the {@code Authorization: Bearer} token comes from: nowhere (a client certificate), a value from a
 * kubeconfig, or a file read again before every call (the service account's projected token is rotated by the
 * kubelet, about hourly). The value leaves only through {@link #forHeader}; {@link #toString()} never shows it.
 */
final class BearerToken {
  private final Optional<String> value;
  private final Optional<Path> file;

  private BearerToken(Optional<String> value, Optional<Path> file) {
    this.value = value;
    this.file = file;
  }

  static BearerToken none() {
    return new BearerToken(Optional.empty(), Optional.empty());
  }

  static BearerToken of(String value) {
    return new BearerToken(Optional.of(checked(value, "the kubeconfig's token")), Optional.empty());
  }

  static BearerToken file(Path file) {
    return new BearerToken(Optional.empty(), Optional.of(file));
  }

  /** The header's value for this call, {@code Bearer ...}; empty when there is no token. Reads the file anew. */
  Future<Optional<String>> forHeader(Vertx vertx) {
    if (file.isPresent()) {
      return vertx.fileSystem().readFile(file.get().toString())
          .recover(e -> Future.failedFuture(new KubeException(0, "", "cannot read the token file " + file.get()
              + " (" + e.getClass().getSimpleName() + ")")))
          .map(content -> Optional.of("Bearer " + checked(content.toString(StandardCharsets.US_ASCII),
              "the token file " + file.get())));
    }
    return Future.succeededFuture(value.map(token -> "Bearer " + token));
  }

  private static String checked(String token, String what) {
    String trimmed = token.strip();
    if (trimmed.isEmpty() || !trimmed.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new KubeException(0, "", what + " is empty or has characters that are not printable ASCII");
    }
    return trimmed;
  }

  @Override
  public String toString() {
    return file.map(f -> "token file " + f).orElse(value.isPresent() ? "token [redacted]" : "no token");
  }
}
