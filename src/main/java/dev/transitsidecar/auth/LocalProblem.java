package dev.transitsidecar.auth;

/**
 * A problem the user fixes on this machine (a credential file that is missing, empty or unreadable), as opposed to
 * anything Vault said. The message is one line that names the setting and the path, never a file's content.
 */
final class LocalProblem extends RuntimeException {
  LocalProblem(String safeMessage) {
    super(safeMessage, null, false, false);
  }
}
