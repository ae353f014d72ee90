package dev.transitsidecar.auth;

/**
 * A credential read from a file (a service-account JWT, an AppRole secret id or role id). It never shows in a
 * {@link #toString()}, has no {@code equals}, and leaves only through {@link #revealForLogin()}.
 */
final class Secret {
  private final String value;

  Secret(String value) {
    this.value = value;
  }

  /** The value, for a login body and nothing else. */
  String revealForLogin() {
    return value;
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
