package dev.transitsidecar.http;

import java.util.List;

/**
 * The one failure type of the HTTP APIs we serve: a status and a message that is safe to show a client
 * (never a secret, never an upstream body). {@link ErrorRenderer} writes it as Vault's
 * {@code {"errors":["message"]}}. Expected conditions, so no stack trace is captured.
 */
public final class SidecarException extends RuntimeException {
  private final int status;
  private final List<String> errors;

  private SidecarException(int status, List<String> errors) {
    super(status + " " + String.join("; ", errors), null, false, false);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public static SidecarException of(int status, String safeMessage) {
    return new SidecarException(status, List.of(safeMessage));
  }

  public static SidecarException badRequest(String safeMessage) {
    return of(400, safeMessage);
  }

  /** Vault's answer for anything a token may not do; we use it for every refused path. */
  public static SidecarException permissionDenied() {
    return of(403, "permission denied");
  }

  public static SidecarException notFound() {
    return new SidecarException(404, List.of());
  }

  /** Vault (or the way to it) failed: 502, 503 or 504 with a message that names what failed. */
  public static SidecarException upstream(int status, String safeMessage) {
    return of(status, safeMessage);
  }

  public int status() {
    return status;
  }

  public List<String> errors() {
    return errors;
  }
}
