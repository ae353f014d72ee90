package dev.transitsidecar.inject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.SecretLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash leaves no key material in a file or in the output: a JVM with the sidecar's options
 * ({@link JvmOptions#LIST}, through {@code JAVA_TOOL_OPTIONS} as in the image and the injected container) dies of a
 * SIGSEGV with a secret in its locked slab, on its heap and in a register ({@link CrashingSidecar}). No
 * {@code hs_err_pid*.log} appears in its working directory or in {@code /tmp}, and its output (the JVM's short crash
 * summary) holds the secret in no form. The control, the same crash with the JDK's defaults, writes a report into the
 * working directory that holds the secret (the register dump), which is what {@code -XX:ErrorFile=/dev/null} prevents.
 */
class CrashFilesTest {
  private static final Path TMP = Path.of("/tmp");

  @TempDir
  Path dir;

  record Crash(int status, long pid, String output) {}

  @Test
  void crashWithTheSidecarsOptions_writesNoReport_andTheOutputHoldsNoSecret() throws Exception {
    byte[] secret = secret();
    Instant before = Instant.now();

    Crash crash = crash(secret, String.join(" ", JvmOptions.LIST), dir);

    assertThat(crash.status()).as("the JVM died of the crash").isNotZero();
    assertThat(crash.output()).contains("A fatal error has been detected by the Java Runtime Environment")
        .contains("SIGSEGV").contains("Problematic frame");
    assertThat(reportsIn(dir, before)).isEmpty();
    assertThat(reportsIn(TMP, before)).filteredOn(p -> p.getFileName().toString().contains("pid" + crash.pid()))
        .isEmpty();
    assertThat(formsFound(crash.output(), secret)).as("forms of the secret in the crash output").isEmpty();
  }

  @Test
  void control_theSameCrashWithTheJdksDefaults_writesAReportHoldingTheSecret() throws Exception {
    byte[] secret = secret();
    Instant before = Instant.now();

    Crash crash = crash(secret, "-XX:+UseSerialGC", dir);

    List<Path> reports = reportsIn(dir, before);
    assertThat(reports).as("a report in the working directory").singleElement();
    String report = Files.readString(reports.getFirst(), StandardCharsets.ISO_8859_1);
    assertThat(report).contains("pid=" + crash.pid());
    assertThat(formsFound(report, secret)).as("the register dump shows the secret").isNotEmpty();
    Files.delete(reports.getFirst());
  }

  private static byte[] secret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    SecretLedger.record(SecretLedger.Kind.MASTER_KEY, secret);
    return secret;
  }

  /** Runs {@link CrashingSidecar} in {@code workDir} with {@code options} as {@code JAVA_TOOL_OPTIONS}. */
  private static Crash crash(byte[] secret, String options, Path workDir) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        CrashingSidecar.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_TOOL_OPTIONS", options);
    Process process = builder.start();
    process.getOutputStream().write(HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the crashing JVM ends").isTrue();
    assertThat(output).as("the secret was loaded before the crash").contains("secret loaded: 32 bytes");
    return new Crash(process.exitValue(), process.pid(), output);
  }

  /** Fatal error reports ({@code hs_err*}) in {@code folder} (not below it) written since {@code since}. */
  private static List<Path> reportsIn(Path folder, Instant since) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().startsWith("hs_err"))
          .filter(p -> modifiedSince(p, since)).toList();
    }
  }

  private static boolean modifiedSince(Path file, Instant since) {
    try {
      return !Files.getLastModifiedTime(file).toInstant().isBefore(since.minusSeconds(1));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The forms in which {@code secret} or its first eight bytes (the register's value) occur in {@code text}: hex in
   * either case and either byte order, base64; named, never shown.
   */
  private static List<String> formsFound(String text, byte[] secret) {
    String lower = text.toLowerCase(Locale.ROOT);
    HexFormat hex = HexFormat.of();
    byte[] first = java.util.Arrays.copyOf(secret, 8);
    byte[] reversed = new byte[8];
    for (int i = 0; i < 8; i++) {
      reversed[i] = first[7 - i];
    }
    List<String> found = new ArrayList<>();
    if (lower.contains(hex.formatHex(secret))) {
      found.add("the whole secret in hex");
    }
    if (lower.contains(hex.formatHex(first))) {
      found.add("its first 8 bytes in hex (a register's value)");
    }
    if (lower.contains(hex.formatHex(reversed))) {
      found.add("its first 8 bytes in hex, little-endian");
    }
    if (text.contains(Base64.getEncoder().encodeToString(secret).substring(0, 40))) {
      found.add("base64");
    }
    if (text.contains(new String(secret, StandardCharsets.ISO_8859_1))) {
      found.add("raw");
    }
    return found;
  }
}
