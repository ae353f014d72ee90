package dev.transitsidecar.kube;

/**
 * A call to the Kubernetes API server that failed: the API server's own {@code Status} message when it answered
 * one, else what went wrong on the way. Never carries a token or a Secret's data.
 */
public class KubeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String reason;

  KubeException(int status, String reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  /** The HTTP status the API server answered, or 0 when there was no answer (connection, TLS, timeout, config). */
  public int status() {
    return status;
  }

  /** The {@code reason} of the API server's Status ({@code NotFound}, {@code Forbidden}, ...), or empty. */
  public String reason() {
    return reason;
  }

  public boolean isNotFound() {
    return status == 404;
  }

  public boolean isConflict() {
    return status == 409;
  }
}
