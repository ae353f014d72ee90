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

/** The plain {@code run} command lines that start without picocli, and what they answer for a bad configuration. */
class RunCommandLineTest {
  @TempDir
  Path dir;

  @Test
  void plain_takesRunAndItsConfigOption_inBothSpellings() {
    assertThat(RunCommand.plain("run")).hasValueSatisfying(option -> assertThat(option.file).isNull());
    assertThat(RunCommand.plain("run", "--config", "a.yaml"))
        .hasValueSatisfying(option -> assertThat(option.file).isEqualTo(Path.of("a.yaml")));
    assertThat(RunCommand.plain("run", "--config=b.yaml"))
        .hasValueSatisfying(option -> assertThat(option.file).isEqualTo(Path.of("b.yaml")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "webhook", "run --help", "run -h", "run --bogus", "run --config", "run --config=",
      "run --config --help", "run --config a.yaml extra", "run --config= --help", "run a.yaml"})
  void plain_leavesEveryOtherCommandLineToPicocli(String line) {
    assertThat(RunCommand.plain(line.isEmpty() ? new String[0] : line.split(" "))).isEmpty();
  }

  @Test
  void runDirectly_invalidConfiguration_isOneLinePerProblem_andExitCode2_asThroughPicocli() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "listen:\n  port: 70000\n");
    StringWriter direct = new StringWriter();
    StringWriter picocli = new StringWriter();

    int directCode = Main.runDirectly(cli(direct), RunCommand.plain("run", "--config", file.toString()).orElseThrow());
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

      int code = Main.runDirectly(cli(err), RunCommand.plain("run", "--config", file.toString()).orElseThrow());

      assertThat(code).isEqualTo(1);
      assertThat(err.toString()).startsWith("transit-sidecar: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
          .containsIgnoringCase("address already in use").doesNotContain("Exception").hasLineCount(1);
    }
  }

  private static Cli cli(StringWriter err) {
    return new Cli(Map.of(), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
  }
}
