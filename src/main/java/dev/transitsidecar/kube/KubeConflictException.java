package dev.transitsidecar.kube;

/**
 * HTTP 409 from the API server: an update carried a {@code resourceVersion} that is no longer the object's (someone
 * wrote it since it was read), or a create named an object that exists already. Read again and decide again.
 */
public final class KubeConflictException extends KubeException {
  private static final long serialVersionUID = 1L;

  KubeConflictException(String reason, String message) {
    super(409, reason, message);
  }
}
