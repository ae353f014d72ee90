package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {
  @TempDir
  Path dir;

  private static CliRun run(Map<String, String> env, String... args) {
    return CliRun.of(env, args);
  }

  @Test
  void checkConfig_validFile_printsOkAndExits0() throws IOException {
    Path file = Files.writeString(dir.resolve("ok.yaml"), "vault:\n  address: https://vault.example:8200\n");
    CliRun r = run(Map.of(), "check-config", "--config", file.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("configuration ok" + System.lineSeparator());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void checkConfig_threeMistakes_namesAllThreeAndExits2() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), """
        listen:
          prot: 8200
        cache:
          ttl: soon
        auth:
          method: password
        """);
    CliRun r = run(Map.of(), "check-config", "--config", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList()).hasSize(3)
        .anySatisfy(l -> assertThat(l).contains("listen.prot"))
        .anySatisfy(l -> assertThat(l).contains("cache.ttl"))
        .anySatisfy(l -> assertThat(l).contains("auth.method"));
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void checkConfig_badEnvironmentValue_namesTheVariable() {
    CliRun r = run(Map.of("SIDECAR_LISTEN_PORT", "eighty"), "check-config");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("SIDECAR_LISTEN_PORT");
  }

  @Test
  void unknownCommand_isUsageErrorExit2() {
    CliRun r = run(Map.of(), "frobnicate");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("frobnicate");
  }

  @Test
  void noCommand_printsUsageAndExits2() {
    CliRun r = run(Map.of());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("check-config").contains("dev").contains("run");
  }
}
