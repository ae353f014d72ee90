package dev.transitsidecar.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads credential files off the event loop (Vert.x's file system runs the read on a worker). */
final class SecretFiles {
  private SecretFiles() {}

  /**
   * The file's content without surrounding white space. Fails with a {@link LocalProblem} such as
   * {@code auth.tokenFile /vault/secrets/vault_token: no such file} or {@code ... is empty}.
   */
  static Future<Secret> read(Vertx vertx, Path path, String setting) {
    return vertx.fileSystem().readFile(path.toString())
        .recover(e -> Future.failedFuture(new LocalProblem(setting + " " + path + ": " + why(e))))
        .compose(content -> nonEmpty(content, path, setting));
  }

  private static Future<Secret> nonEmpty(Buffer content, Path path, String setting) {
    String text = content.toString(StandardCharsets.UTF_8).strip();
    return text.isEmpty()
        ? Future.failedFuture(new LocalProblem(setting + " " + path + " is empty"))
        : Future.succeededFuture(new Secret(text));
  }

  private static String why(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    return switch (cause) {
      case NoSuchFileException e -> "no such file";
      case AccessDeniedException e -> "permission denied";
      default -> "cannot be read (" + cause.getClass().getSimpleName() + ")";
    };
  }
}
