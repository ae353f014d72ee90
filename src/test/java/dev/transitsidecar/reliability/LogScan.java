package dev.transitsidecar.reliability;

import dev.transitsidecar.testing.SecretLedger.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The build's leak check: every secret the tests recorded in the ledgers ({@code SecretLedger}) is looked for in every
 * log file of the run, in each form a log could carry it: raw, hex (lower and upper case), base64 and base64url
 * (with or without padding, and at any of the three byte alignments inside a longer base64 text) and the decimal
 * array SLF4J prints for a {@code byte[]}. A finding is one line naming the file, the line, the kind of secret and the
 * form, never the secret. Secrets shorter than {@link #MIN_BYTES} bytes are not looked for: a short value (a 4-byte
 * plaintext "test") turns up by chance; they are counted.
 *
 * <p>Run by the build after the tests ({@code LogScan LEDGER_DIR FRAGMENT_FILE LOG_PATH...}); exit status 1 when
 * anything was found, 0 otherwise. The fragment says how many files, lines and secrets were scanned.
 */
public final class LogScan {
  /** The shortest secret looked for, in bytes (its raw form; every other form is longer). */
  public static final int MIN_BYTES = 12;
  private static final int MAX_PRINTED = 200;
  private static final int FILTER_BITS = 1 << 26;
  private static final long BASE = 0x100000001B3L;

  /** One finding: where, what kind(s) of secret, in which form. */
  public record Finding(Path file, long line, String kinds, String form) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + kinds + " (" + form + ")";
    }
  }

  /** What a scan looked at and found. */
  public record Result(int secrets, int tooShort, int needles, int files, long lines, long bytes,
      List<Finding> findings) {}

  private record Needle(byte[] bytes, String kinds, String form) {}

  private final Map<Long, List<Needle>> byWindow = new HashMap<>();
  private final long[] filter = new long[FILTER_BITS / 64];
  private final long highPower;
  private int secrets;
  private int tooShort;
  private int needles;

  private LogScan(Map<String, Set<Kind>> ledger) {
    long power = 1;
    for (int i = 1; i < MIN_BYTES; i++) {
      power *= BASE;
    }
    highPower = power;
    for (Map.Entry<String, Set<Kind>> secret : ledger.entrySet()) {
      byte[] value = HexFormat.of().parseHex(secret.getKey());
      if (value.length < MIN_BYTES) {
        tooShort++;
        continue;
      }
      secrets++;
      String kinds = String.join(" / ", secret.getValue().stream().map(k -> k.description).toList());
      forms(value).forEach((form, bytes) -> add(new Needle(bytes, kinds, form)));
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: LogScan LEDGER_DIR FRAGMENT_FILE LOG_PATH...");
      System.exit(2);
    }
    List<Path> logs = Arrays.stream(args, 2, args.length).map(Path::of).toList();
    Result result = scan(Path.of(args[0]), logs);
    Path fragment = Path.of(args[1]);
    Files.createDirectories(fragment.toAbsolutePath().getParent());
    Files.writeString(fragment, fragment(result), StandardCharsets.UTF_8);
    String summary = "log scan: " + result.secrets() + " secrets (" + result.tooShort() + " shorter than "
        + MIN_BYTES + " bytes not looked for) in " + result.files() + " files, " + result.lines() + " lines";
    if (result.findings().isEmpty()) {
      System.out.println(summary + ": no secret found");
      return;
    }
    System.err.println(summary + ": " + result.findings().size() + " FINDINGS (file:line: kind of secret (form));"
        + " the values are in the ledgers under " + args[0] + ", never printed");
    result.findings().stream().limit(MAX_PRINTED).forEach(f -> System.err.println("  " + f));
    if (result.findings().size() > MAX_PRINTED) {
      System.err.println("  ... and " + (result.findings().size() - MAX_PRINTED) + " more");
    }
    System.exit(1);
  }

  /** Reads every ledger in {@code ledgerDir} and scans every regular file under each of {@code logs}. */
  public static Result scan(Path ledgerDir, List<Path> logs) throws IOException {
    LogScan scan = new LogScan(readLedgers(ledgerDir));
    List<Finding> findings = new ArrayList<>();
    int files = 0;
    long lines = 0;
    long bytes = 0;
    for (Path file : files(logs)) {
      byte[] content = Files.readAllBytes(file);
      files++;
      bytes += content.length;
      lines += scan.scanFile(file, content, findings);
    }
    return new Result(scan.secrets, scan.tooShort, scan.needles, files, lines, bytes, List.copyOf(findings));
  }

  /** Every form a log could carry {@code secret} in, by name; identical forms once. */
  static Map<String, byte[]> forms(byte[] secret) {
    Map<String, byte[]> forms = new LinkedHashMap<>();
    forms.put("raw", secret.clone());
    String hex = HexFormat.of().formatHex(secret);
    forms.put("hex", ascii(hex));
    forms.put("HEX", ascii(hex.toUpperCase(Locale.ROOT)));
    for (int shift = 0; shift < 3; shift++) {
      forms.put("base64" + (shift == 0 ? "" : " at offset " + shift), base64Core(Base64.getEncoder(), secret, shift));
      forms.put("base64url" + (shift == 0 ? "" : " at offset " + shift),
          base64Core(Base64.getUrlEncoder(), secret, shift));
    }
    forms.put("decimal byte array", ascii(Arrays.toString(secret)));
    Map<String, byte[]> unique = new LinkedHashMap<>();
    Set<String> seen = new LinkedHashSet<>();
    forms.forEach((name, bytes) -> {
      if (seen.add(HexFormat.of().formatHex(bytes))) {
        unique.put(name, bytes);
      }
    });
    return unique;
  }

  /**
   * The characters of the base64 text of {@code shift} bytes followed by {@code secret} that depend on the secret's
   * bytes only: whatever came before and after it in a longer text, these characters are there. With no shift this is
   * the unpadded text less a trailing partial character, so it also finds the padded and unpadded text itself.
   */
  static byte[] base64Core(Base64.Encoder encoder, byte[] secret, int shift) {
    byte[] shifted = new byte[shift + secret.length];
    System.arraycopy(secret, 0, shifted, shift, secret.length);
    byte[] encoded = encoder.withoutPadding().encode(shifted);
    int from = (shift * 8 + 5) / 6;
    int to = (shifted.length * 8) / 6;
    return Arrays.copyOfRange(encoded, from, to);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private void add(Needle needle) {
    long hash = hash(needle.bytes(), 0);
    byWindow.computeIfAbsent(hash, h -> new ArrayList<>(1)).add(needle);
    int bit = bit(hash);
    filter[bit >>> 6] |= 1L << bit;
    needles++;
  }

  /** Scans one file; answers its line count. */
  private long scanFile(Path file, byte[] content, List<Finding> findings) {
    long hash = 0;
    Set<String> reported = new TreeSet<>();
    for (int i = 0; i < content.length; i++) {
      if (i >= MIN_BYTES) {
        hash -= (content[i - MIN_BYTES] & 0xff) * highPower;
      }
      hash = hash * BASE + (content[i] & 0xff);
      if (i + 1 >= MIN_BYTES) {
        int bit = bit(hash);
        if ((filter[bit >>> 6] & (1L << bit)) != 0) {
          match(file, content, i + 1 - MIN_BYTES, hash, reported, findings);
        }
      }
    }
    return newlines(content, content.length) + (content.length > 0 && content[content.length - 1] != '\n' ? 1 : 0);
  }

  private void match(Path file, byte[] content, int start, long hash, Set<String> reported, List<Finding> findings) {
    List<Needle> candidates = byWindow.get(hash);
    if (candidates == null) {
      return;
    }
    for (Needle needle : candidates) {
      byte[] n = needle.bytes();
      if (start + n.length <= content.length && Arrays.equals(content, start, start + n.length, n, 0, n.length)) {
        long line = newlines(content, start) + 1;
        if (reported.add(line + " " + needle.kinds() + " " + needle.form())) {
          findings.add(new Finding(file, line, needle.kinds(), needle.form()));
        }
      }
    }
  }

  private static long newlines(byte[] content, int end) {
    long count = 0;
    for (int i = 0; i < end; i++) {
      if (content[i] == '\n') {
        count++;
      }
    }
    return count;
  }

  private static long hash(byte[] bytes, int from) {
    long hash = 0;
    for (int i = from; i < from + MIN_BYTES; i++) {
      hash = hash * BASE + (bytes[i] & 0xff);
    }
    return hash;
  }

  private static int bit(long hash) {
    long mixed = hash * 0x9E3779B97F4A7C15L;
    return (int) (mixed >>> 38);
  }

  private static Map<String, Set<Kind>> readLedgers(Path dir) throws IOException {
    Map<String, Set<Kind>> ledger = new HashMap<>();
    if (!Files.isDirectory(dir)) {
      return ledger;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
          int tab = line.indexOf('\t');
          if (tab > 0) {
            ledger.computeIfAbsent(line.substring(tab + 1), v -> EnumSet.noneOf(Kind.class))
                .add(Kind.valueOf(line.substring(0, tab)));
          }
        }
      }
    }
    return ledger;
  }

  private static List<Path> files(List<Path> roots) {
    List<Path> all = new ArrayList<>();
    for (Path root : roots) {
      if (Files.isRegularFile(root)) {
        all.add(root);
      } else if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(Files::isRegularFile).sorted().forEach(all::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return all;
  }

  private static String fragment(Result r) {
    return "## Secrets: logs, core dumps and /proc/PID/mem\n\n### Log scan\n\n"
        + "Written by `LogScan`, which the build runs after the integration tests (`mvn -B verify`, and the "
        + "reliability profile). Every log of this build (each test JVM's events at every level, `dev.transitsidecar` at DEBUG, in "
        + "`target/test-logs/`; the output of every child process the tests start; the surefire and failsafe output "
        + "files; these fragments) was searched for every secret the tests recorded as it was made (tokens and "
        + "AppRole secret_ids the embedded engine minted, client tokens, master keys, derived keys, passphrases, "
        + "every plaintext the engine encrypted, decrypted or generated), raw, hex (both cases), base64 and base64url "
        + "(padded or not, at any alignment inside a longer base64 text) and as a decimal byte array. Secrets "
        + "shorter than " + MIN_BYTES + " bytes are not looked for (they collide by chance) and are counted below.\n\n"
        + ReliabilityReport.table(List.of("secrets looked for", "too short", "forms", "files", "lines", "MiB",
            "findings"), List.of(List.of(r.secrets(), r.tooShort(), r.needles(), r.files(), r.lines(),
            String.format(Locale.ROOT, "%.1f", r.bytes() / 1048576.0), r.findings().size())))
        + "\nTarget: 0 findings (the build fails otherwise).\n";
  }
}
