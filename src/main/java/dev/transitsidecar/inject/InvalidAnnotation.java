package dev.transitsidecar.inject;

/**
 * An annotation value the webhook cannot inject from. Its message names the annotation and says what is wrong, and
 * becomes the admission denial shown to whoever created the pod. An expected condition: no stack trace.
 */
final class InvalidAnnotation extends RuntimeException {
  InvalidAnnotation(String annotation, String problem) {
    super(annotation + ": " + problem, null, false, false);
  }

  /** A value as it appears in a message: quoted, on one line, cut when long. Annotation values are not secrets. */
  static String quote(String value) {
    String oneLine = value.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("\\p{Cntrl}", "?");
    return "\"" + (oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine) + "\"";
  }
}
