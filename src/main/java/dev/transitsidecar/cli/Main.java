package dev.transitsidecar.cli;

/** SKELETON entry point; the picocli commands land with the cli work. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(0);
  }
}
