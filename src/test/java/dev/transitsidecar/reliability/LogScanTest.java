package dev.transitsidecar.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.reliability.LogScan.Finding;
import dev.transitsidecar.reliability.LogScan.Result;
import dev.transitsidecar.testing.SecretLedger;
import dev.transitsidecar.testing.SecretLedger.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leak check can fail: a planted token and key are found in every form, a clean log passes. */
class LogScanTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir
  Path dir;

  private Path ledgers;
  private Path logs;
  private byte[] key;
  private String token;

  @BeforeEach
  void ledger() throws Exception {
    key = new byte[32];
    do {
      RANDOM.nextBytes(key);
    } while (new String(key, StandardCharsets.ISO_8859_1).matches("(?s).*[\\n\\r].*"));
    token = "hvs." + HexFormat.of().formatHex(random(12));
    ledgers = Files.createDirectories(dir.resolve("ledgers"));
    logs = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(ledgers.resolve("ledger-1.tsv"), SecretLedger.line(Kind.MASTER_KEY, key)
        + SecretLedger.line(Kind.VAULT_TOKEN, token.getBytes(StandardCharsets.UTF_8))
        + SecretLedger.line(Kind.PLAINTEXT, "test".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void scan_keyAndTokenPlantedInEveryForm_findsEachLineAndNamesNoSecret() throws Exception {
    Map<String, String> planted = planted();
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    planted.forEach((form, text) -> {
      lines.writeBytes(("12:00:00.000 INFO  [main] dev.transitsidecar.Noise - an ordinary line about test and "
          + "nothing else\n").getBytes(StandardCharsets.UTF_8));
      lines.writeBytes(("12:00:00.001 DEBUG [main] dev.transitsidecar.Leak - " + form + " here: " + text
          + " (end)\n").getBytes(StandardCharsets.ISO_8859_1));
    });
    Path log = Files.write(Files.createDirectories(logs.resolve("children")).resolve("leaky.log"),
        lines.toByteArray());

    Result result = LogScan.scan(ledgers, List.of(logs));

    assertThat(result.secrets()).isEqualTo(2);
    assertThat(result.tooShort()).as("\"test\" is shorter than the minimum").isEqualTo(1);
    assertThat(result.files()).isEqualTo(1);
    assertThat(result.lines()).isEqualTo(2L * planted.size());
    List<Long> expectedLines = new ArrayList<>();
    for (int i = 0; i < planted.size(); i++) {
      expectedLines.add(2L * i + 2);
    }
    assertThat(result.findings()).extracting(Finding::line).containsAll(expectedLines)
        .allMatch(expectedLines::contains);
    assertThat(result.findings()).allMatch(f -> f.file().equals(log));
    int i = 0;
    for (String form : planted.keySet()) {
      long line = 2L * i++ + 2;
      String kind = form.startsWith("token") ? "Vault token" : "master key";
      assertThat(result.findings()).as(form).anyMatch(f -> f.line() == line && f.kinds().startsWith(kind));
    }
    String printed = result.findings().toString();
    for (String text : planted.values()) {
      assertThat(printed).doesNotContain(text);
    }
  }

  @Test
  void scan_cleanLogs_findNothingAndCountWhatTheyRead() throws Exception {
    Files.write(logs.resolve("jvm-1.log"), List.of("12:00:00.000 INFO  [main] a - started",
        "12:00:00.001 INFO  [main] a - key_id 0123456789abcdef, token accessor hidden", "last line without newline"));
    Files.writeString(logs.resolve("jvm-2.log"), "");

    Result result = LogScan.scan(ledgers, List.of(logs, dir.resolve("absent")));

    assertThat(result.findings()).isEmpty();
    assertThat(result.files()).isEqualTo(2);
    assertThat(result.lines()).isEqualTo(3);
    assertThat(result.secrets()).isEqualTo(2);
  }

  @Test
  void main_withAFinding_exitsOneWithALinePerFindingAndWritesTheFragment() throws Exception {
    Path log = Files.writeString(logs.resolve("jvm-9.log"), "INFO x - token " + token + "\nINFO x - fine\n"
        + "DEBUG x - key " + HexFormat.of().formatHex(key).toUpperCase(Locale.ROOT) + "\n");
    Path fragment = dir.resolve("reliability/4-secrets-0-log-scan.md");
    Path err = dir.resolve("scan.err");
    Process scan = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), LogScan.class.getName(), ledgers.toString(), fragment.toString(),
        logs.toString()).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(scan.waitFor(60, TimeUnit.SECONDS)).isTrue();

    String printed = Files.readString(err);
    assertThat(scan.exitValue()).as(printed).isEqualTo(1);
    assertThat(printed).contains(log + ":1: Vault token", log + ":3: master key (HEX)")
        .doesNotContain(token).doesNotContainIgnoringCase(HexFormat.of().formatHex(key));
    assertThat(Files.readString(fragment)).contains("| 2 | 1 |").contains("Target: 0 findings");
  }

  @Test
  void forms_base64Core_isInsideTheEncodingOfTheSecretAfterAnyPrefix() {
    for (int shift = 0; shift < 3; shift++) {
      byte[] core = LogScan.base64Core(Base64.getEncoder(), key, shift);
      for (int before = 0; before < 6; before++) {
        byte[] longer = new byte[before * 3 + shift + key.length + 2];
        RANDOM.nextBytes(longer);
        System.arraycopy(key, 0, longer, before * 3 + shift, key.length);
        assertThat(Base64.getEncoder().encodeToString(longer))
            .contains(new String(core, StandardCharsets.US_ASCII));
      }
    }
  }

  /** The key and the token in each form a log could show them, as the text planted. */
  private Map<String, String> planted() {
    byte[] wrapped = new byte[1 + key.length + 4];
    RANDOM.nextBytes(wrapped);
    System.arraycopy(key, 0, wrapped, 1, key.length);
    byte[] wrapped2 = new byte[5 + key.length];
    RANDOM.nextBytes(wrapped2);
    System.arraycopy(key, 0, wrapped2, 5, key.length);
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("key raw (latin-1)", new String(key, StandardCharsets.ISO_8859_1));
    forms.put("key hex", HexFormat.of().formatHex(key));
    forms.put("key HEX", HexFormat.of().formatHex(key).toUpperCase(Locale.ROOT));
    forms.put("key base64", Base64.getEncoder().encodeToString(key));
    forms.put("key base64 unpadded", Base64.getEncoder().withoutPadding().encodeToString(key));
    forms.put("key base64url", Base64.getUrlEncoder().encodeToString(key));
    forms.put("key base64url unpadded", Base64.getUrlEncoder().withoutPadding().encodeToString(key));
    forms.put("key inside base64 at offset 1", Base64.getEncoder().encodeToString(wrapped));
    forms.put("key inside base64url at offset 2", Base64.getUrlEncoder().encodeToString(wrapped2));
    forms.put("key decimal array", Arrays.toString(key));
    forms.put("token raw", token);
    forms.put("token base64", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    forms.put("token hex", HexFormat.of().formatHex(token.getBytes(StandardCharsets.UTF_8)));
    return forms;
  }

  private static byte[] random(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
