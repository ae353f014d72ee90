package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandTest {
  @TempDir
  Path dir;

  private static CliRun run(Map<String, String> env, String... args) {
    return CliRun.of(env, args);
  }

  @Test
  void policy_defaultConfig_printsTheShippedFile() throws IOException {
    CliRun r = run(Map.of(), "policy", "--config", "sidecar.yaml");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(Files.readString(Path.of("policies/transit-sidecar.hcl")));
    assertThat(r.err()).isEmpty();
  }

  @Test
  void policyRotation_defaultConfig_printsTheShippedRotationFile() throws IOException {
    CliRun r = run(Map.of(), "policy", "--rotation", "--config", "sidecar.yaml");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(Files.readString(Path.of("policies/transit-sidecar-rotate.hcl")));
  }

  @Test
  void policyRotation_keystoreKeyFromEnvironment_isTheRotatedKey() {
    CliRun r = run(Map.of("SIDECAR_TRANSIT_MOUNT", "kms", "SIDECAR_KEYSTORE_TRANSIT_KEY", "k10"), "policy",
        "--rotation", "--config", "sidecar.yaml");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("path \"kms/keys/k10/rotate\"").contains("path \"kms/rewrap/k10\"")
        .doesNotContain("transit/").doesNotContain("encrypt");
  }

  @Test
  void policy_mountAndKeysFromEnvironment_areUsed() {
    CliRun r = run(Map.of("SIDECAR_TRANSIT_MOUNT", "kms", "SIDECAR_TRANSIT_KEYS", "a,b"), "policy",
        "--config", "sidecar.yaml");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("path \"kms/decrypt/a\"").contains("path \"kms/decrypt/b\"")
        .contains("path \"kms/keys\"").doesNotContain("transit/");
  }

  @Test
  void policy_invalidKeyName_isOneLineAndExit2() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "transit:\n  keys: [\"../sys\"]\n");
    CliRun r = run(Map.of(), "policy", "--config", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList()).hasSize(1).first().asString().contains("transit.keys");
    assertThat(r.out()).isEmpty();
  }
}
