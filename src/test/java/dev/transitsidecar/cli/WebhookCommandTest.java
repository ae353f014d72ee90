package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookCommandTest {
  @TempDir
  Path dir;

  private static CliRun run(Map<String, String> env, String... args) {
    return CliRun.of(env, args);
  }

  @Test
  void webhook_certificateFileMissing_oneLineNamingTheSettingAndExit1() {
    Path missing = dir.resolve("tls.crt");

    CliRun r = run(Map.of("SIDECAR_WEBHOOK_CERT_FILE", missing.toString(), "SIDECAR_WEBHOOK_PORT", "18443",
        "SIDECAR_LOG_FORMAT", "text"), "webhook", "--config", "sidecar.yaml");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().toList()).containsExactly(
        "transit-sidecar: webhook.certFile: cannot read " + missing + " (NoSuchFileException)");
  }

  @Test
  void webhook_invalidPort_configErrorAndExit2() {
    CliRun r = run(Map.of("SIDECAR_WEBHOOK_PORT", "0"), "webhook", "--config", "sidecar.yaml");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList()).singleElement().asString().startsWith("config: webhook.port");
  }

  @Test
  void help_listsTheWebhookCommand() {
    CliRun r = run(Map.of(), "--help");

    assertThat(r.out()).contains("webhook").contains("mutating admission webhook");
  }

  @Test
  void webhook_injectionRuleMissingTheRole_oneLineNamingTheRuleAndExit1() {
    CliRun r = run(Map.of("SIDECAR_WEBHOOK_INJECTION_RULES", "[{\"name\":\"k10\",\"namespace\":\"kasten-io\","
        + "\"matchLabels\":{\"component\":\"crypto\"},\"annotations\":{\"auth-method\":\"kubernetes\"}}]",
        "SIDECAR_WEBHOOK_PORT", "18443", "SIDECAR_LOG_FORMAT", "text"), "webhook", "--config", "sidecar.yaml");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().toList()).containsExactly("transit-sidecar: webhook.injectionRules: rule k10: "
        + "transit-sidecar.dev/role: required when auth-method is kubernetes");
  }
}
