package dev.transitsidecar.config;

/**
 * A value that cannot be used. The message says what is wrong with the value, without the key:
 * the caller prefixes the key and the source, so the same parser serves the file and the env.
 */
final class BadValue extends RuntimeException {
  BadValue(String message) {
    super(message, null, false, false);
  }

  /** The value as it appears in a problem line: quoted, on one line, cut when long. */
  static String quote(String text) {
    String oneLine = text.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("\\p{Cntrl}", "?");
    return "\"" + (oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine) + "\"";
  }
}
