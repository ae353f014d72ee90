package dev.transitsidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plain {@code run} and {@code webhook} command lines that start without picocli, and what they answer for a bad
 * configuration.
 */
class RunCommandLineTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"run", "webhook"})
  void plain_takesTheCommandAndItsConfigOption_inBothSpellings(String command) {
    assertThat(ConfigOption.plain(command, command)).hasValueSatisfying(option -> assertThat(option.file).isNull());
    assertThat(ConfigOption.plain(command, command, "--config", "a.yaml"))
        .hasValueSatisfying(option -> assertThat(option.file).isEqualTo(Path.of("a.yaml")));
    assertThat(ConfigOption.plain(command, command, "--config=b.yaml"))
        .hasValueSatisfying(option -> assertThat(option.file).isEqualTo(Path.of("b.yaml")));
  }

  @Test
  void plainServer_isTheCommandNamed() {
    Cli cli = cli(new StringWriter());
    assertThat(Main.plainServer(cli, "run", "--config", "a.yaml")).containsInstanceOf(RunCommand.class);
    assertThat(Main.plainServer(cli, "webhook")).containsInstanceOf(WebhookCommand.class);
    assertThat(Main.plainServer(cli, "dev")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "webhook", "dev", "run --help", "run -h", "run --bogus", "run --config", "run --config=",
      "run --config --help", "run --config a.yaml extra", "run --config= --help", "run a.yaml"})
  void plain_leavesEveryOtherCommandLineToPicocli(String line) {
    assertThat(ConfigOption.plain("run", line.isEmpty() ? new String[0] : line.split(" "))).isEmpty();
  }

  @Test
  void runDirectly_invalidConfiguration_isOneLinePerProblem_andExitCode2_asThroughPicocli() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "listen:\n  port: 70000\n");
    StringWriter direct = new StringWriter();
    StringWriter picocli = new StringWriter();

    int directCode = direct(cli(direct), "run", "--config", file.toString());
    int picocliCode = Main.execute(cli(picocli), "run", "--config", file.toString());

    assertThat(directCode).isEqualTo(2).isEqualTo(picocliCode);
    assertThat(direct.toString()).startsWith("config: ").contains("listen.port").doesNotContain("Exception")
        .isEqualTo(picocli.toString());
  }

  @Test
  void runDirectly_portInUse_isOneLineNamingTheAddress_andExitCode1() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path token = Files.writeString(dir.resolve("token"), "hvs.not-used-here");
      Path file = Files.writeString(dir.resolve("sidecar.yaml"), """
          listen:
            port: %d
          vault:
            address: "http://127.0.0.1:1"
          auth:
            method: token
            tokenFile: "%s"
          """.formatted(taken.getLocalPort(), token));
      StringWriter err = new StringWriter();

      int code = direct(cli(err), "run", "--config", file.toString());

      assertThat(code).isEqualTo(1);
      assertThat(err.toString()).startsWith("transit-sidecar: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
          .containsIgnoringCase("address already in use").doesNotContain("Exception").hasLineCount(1);
    }
  }

  @Test
  void webhookDirectly_invalidConfiguration_isAsThroughPicocli() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "webhook:\n  port: 70000\n");
    StringWriter direct = new StringWriter();
    StringWriter picocli = new StringWriter();

    int directCode = direct(cli(direct), "webhook", "--config=" + file);
    int picocliCode = Main.execute(cli(picocli), "webhook", "--config=" + file);

    assertThat(directCode).isEqualTo(2).isEqualTo(picocliCode);
    assertThat(direct.toString()).startsWith("config: ").contains("webhook.port").isEqualTo(picocli.toString());
  }

  private static int direct(Cli cli, String... args) {
    return Main.runDirectly(cli, Main.plainServer(cli, args).orElseThrow());
  }

  private static Cli cli(StringWriter err) {
    return new Cli(Map.of(), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
  }
}
