package dev.transitsidecar.vault;

/**
 * No usable answer came from Vault: the connection failed or broke (502), it did not answer in time (504), or its
 * answer could not be read (502). While the circuit breaker is open, requests fail at once with the last such
 * failure, its message saying that the request was not sent.
 */
public final class VaultUnavailable extends VaultException {
  private static final String NOT_SENT = "; the circuit breaker is open, so this request was not sent";
  private final int status;

  private VaultUnavailable(int status, String safeMessage) {
    super(safeMessage);
    this.status = status;
  }

  static VaultUnavailable unreachable(String address, Throwable cause) {
    return new VaultUnavailable(502, "vault unreachable at " + address + ": " + describe(cause));
  }

  static VaultUnavailable timedOut(String address, long millis) {
    return new VaultUnavailable(504, "vault at " + address + " did not answer within " + millis + "ms");
  }

  static VaultUnavailable malformed(String operation) {
    return new VaultUnavailable(502, "vault answered " + operation + " with a body that is not Vault's JSON");
  }

  /** The same failure for a request that the open circuit did not send (see {@link VaultCircuit}). */
  VaultUnavailable notSent() {
    return new VaultUnavailable(status, getMessage() + NOT_SENT);
  }

  /** The circuit is open and no failure is known (it was opened by hand). */
  static VaultUnavailable circuitOpen(String address) {
    return new VaultUnavailable(503, "vault at " + address + " is unavailable" + NOT_SENT);
  }

  @Override
  public int status() {
    return status;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }
}
