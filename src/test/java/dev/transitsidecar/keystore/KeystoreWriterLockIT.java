package dev.transitsidecar.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.ChildLogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers in two processes: while this JVM holds the keystore's writer lock, the packaged CLI in another
 * process refuses to change the file and leaves it as it was; once the lock is released, the same command works.
 */
class KeystoreWriterLockIT {
  @TempDir
  Path dir;

  @Test
  void removePasskey_whileAnotherProcessWrites_isRefusedAndTheFileIsUntouched() throws Exception {
    KeystoreFile file = new KeystoreFile(dir.resolve("keystore.json"));
    Instant created = Instant.parse("2026-11-29T12:00:00Z");
    Keystore keystore = new Keystore("0123456789abcdef", List.of(
        new TransitPasskey("vault", "transit", "kasten", "vault:v1:AAAA", true, created),
        new TransitPasskey("spare", "transit", "other", "vault:v1:BBBB", false, created)));
    try (KeystoreFile.WriteLock lock = file.lockForWriting()) {
      file.create(keystore, lock);
    }
    Path config = Files.writeString(dir.resolve("sidecar.yaml"), "keystore:\n  file: " + file.path() + "\n"
        + "log:\n  format: text\n");
    byte[] before = Files.readAllBytes(file.path());

    try (KeystoreFile.WriteLock held = file.lockForWriting()) {
      Result refused = cli("keystore", "remove-passkey", "spare", "--config", config.toString());
      assertThat(refused.code()).as(refused.err()).isEqualTo(1);
      assertThat(refused.err().strip()).contains("being changed by another writer").doesNotContain("\tat ");
      assertThat(Files.readAllBytes(file.path())).isEqualTo(before);
    }

    Result done = cli("keystore", "remove-passkey", "spare", "--config", config.toString());
    assertThat(done.code()).as(done.err()).isZero();
    assertThat(file.read().passkeys()).extracting(Passkey::name).containsExactly("vault");
  }

  private record Result(int code, String err) {}

  private Result cli(String... args) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", "target/transit-sidecar.jar"));
    command.addAll(List.of(args));
    Path err = ChildLogs.file("KeystoreWriterLockIT-" + args[1]);
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the CLI did not finish within 60 s");
    }
    return new Result(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
  }
}
