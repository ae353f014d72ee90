package dev.transitsidecar.proxy;

import dev.transitsidecar.http.SidecarException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locally answered Kubernetes login hands out the pod-local client token, so it must not hand it to just
 * anyone on loopback: the presented JWT must be this pod's service-account token (the file every container of
 * the pod mounts, re-read each time since projected tokens rotate), compared in constant time. Anything else is
 * Vault's answer to a failed TokenReview, 403 {@code permission denied}.
 */
final class PodServiceAccount {
  private static final Logger LOG = LoggerFactory.getLogger(PodServiceAccount.class);

  private final Path tokenFile;

  PodServiceAccount(Path tokenFile) {
    this.tokenFile = tokenFile;
  }

  /** Succeeds when {@code jwt} is the pod's service-account token; fails with 403 otherwise. */
  Future<Void> verify(Vertx vertx, String jwt) {
    return vertx.fileSystem().readFile(tokenFile.toString())
        .recover(e -> {
          LOG.warn("kubernetes login refused: the pod's service-account token at {} cannot be read ({})", tokenFile,
              e.getClass().getSimpleName());
          return Future.failedFuture(SidecarException.permissionDenied());
        })
        .compose(content -> matches(content, jwt)
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(SidecarException.permissionDenied()));
  }

  private static boolean matches(Buffer content, String jwt) {
    byte[] expected = content.toString(StandardCharsets.US_ASCII).strip().getBytes(StandardCharsets.US_ASCII);
    return expected.length > 0 && MessageDigest.isEqual(expected, jwt.strip().getBytes(StandardCharsets.US_ASCII));
  }
}
