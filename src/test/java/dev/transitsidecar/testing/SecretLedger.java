package dev.transitsidecar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The secrets the tests make or meet, recorded as they appear, so that {@code LogScan} can look for them in every log
 * of the build. One file per JVM, {@code target/test-secrets/ledger-<pid>.tsv}, a
 * line per secret: the kind's name, a tab, the secret's bytes in hex. Never printed: the scanner reports the kind and
 * the place of a finding, not the value. The embedded engine feeds it through {@link EngineWitness}; fixtures
 * record the client tokens, passphrases and derived keys they handle. Thread-safe; each value is written once.
 */
public final class SecretLedger {
  /** What a secret is; the scanner names the kind in a finding. */
  public enum Kind {
    VAULT_TOKEN("Vault token (or AppRole secret_id)"),
    CLIENT_TOKEN("client token"),
    MASTER_KEY("master key"),
    DERIVED_KEY("derived key"),
    PASSPHRASE("passphrase"),
    PLAINTEXT("Transit plaintext (cached plaintext, data key or wrapped master key)");

    public final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  /** Where the ledgers go: {@code $TEST_SECRETS_DIR} (set by the build, inherited by children), else target/test-secrets. */
  public static final Path DIR = dir();

  private static final Set<String> SEEN = new HashSet<>();
  private static FileChannel out;

  private SecretLedger() {}

  private static Path dir() {
    String env = System.getenv("TEST_SECRETS_DIR");
    return Path.of(env != null && !env.isBlank() ? env : "target/test-secrets");
  }

  /** One line of a ledger, with its newline. */
  public static String line(Kind kind, byte[] secret) {
    return kind.name() + "\t" + HexFormat.of().formatHex(secret) + "\n";
  }

  public static void record(Kind kind, String secret) {
    if (secret != null) {
      record(kind, secret.getBytes(StandardCharsets.UTF_8));
    }
  }

  public static synchronized void record(Kind kind, byte[] secret) {
    if (secret == null || secret.length == 0) {
      return;
    }
    String line = line(kind, secret);
    if (!SEEN.add(line)) {
      return;
    }
    try {
      if (out == null) {
        Files.createDirectories(DIR);
        out = FileChannel.open(DIR.resolve("ledger-" + ProcessHandle.current().pid() + ".tsv"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      }
      ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the secret ledger in " + DIR, e);
    }
  }
}
