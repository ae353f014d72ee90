package dev.transitsidecar.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The webhook serves the key encodings that cert-manager, Helm's {@code genSignedCert} and openssl write, and refuses
 * anything else with one line naming the file at fault and never the key.
 */
class TlsMaterialTest {
  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"RSA, PKCS #8", "RSA, PKCS #1", "EC, PKCS #8", "EC, SEC 1", "Ed25519, PKCS #8"})
  void read_keyEncoding_isServed(String algorithm, String encoding) throws IOException {
    TestCertificates.Issued issued = TestCertificates.issue("webhook-" + algorithm, algorithm);
    Files.writeString(dir.resolve("tls.crt"), issued.certificatePem());
    Files.writeString(dir.resolve("tls.key"),
        encoding.equals("PKCS #8") ? issued.keyPem() : issued.traditionalKeyPem());

    assertThat(TestCertificates.served(serve().actualPort())).isEqualTo(issued.certificate());
  }

  @Test
  void read_keyAfterOtherTextAndAChain_servesTheWholeChain() throws IOException {
    TestCertificates.Issued issued = TestCertificates.issue("webhook-chain", "RSA");
    Files.writeString(dir.resolve("tls.crt"), issued.certificatePem() + issued.caPem());
    Files.writeString(dir.resolve("tls.key"), "Bag Attributes\n" + issued.traditionalKeyPem());

    assertThat(TestCertificates.servedChain(serve().actualPort()))
        .containsExactly(issued.certificate(), issued.ca());
  }

  @Test
  void read_keyFileWithoutAKey_isOneLineNamingTheEncodings() throws IOException {
    TestCertificates.Issued issued = TestCertificates.issue("webhook");
    Files.writeString(dir.resolve("tls.crt"), issued.certificatePem());
    Files.writeString(dir.resolve("tls.key"), issued.certificatePem());

    assertRefused("webhook.keyFile: holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)",
        issued);
  }

  @Test
  void read_encryptedKey_isOneLineSayingWhatToWrite() throws IOException {
    TestCertificates.Issued issued = TestCertificates.issue("webhook");
    Files.writeString(dir.resolve("tls.crt"), issued.certificatePem());
    Files.writeString(dir.resolve("tls.key"), issued.keyPem().replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"));

    assertRefused("webhook.keyFile: a ENCRYPTED PRIVATE KEY block is not supported; write the key unencrypted, as "
        + "PRIVATE KEY (PKCS #8), RSA PRIVATE KEY or EC PRIVATE KEY", issued);
  }

  @Test
  void read_damagedKey_isOneLineWithoutTheKey() throws IOException {
    TestCertificates.Issued issued = TestCertificates.issue("webhook");
    String pem = issued.traditionalKeyPem();
    String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END")).replace("\n", "");
    byte[] der = Base64.getDecoder().decode(body);
    String truncated = Base64.getMimeEncoder().encodeToString(Arrays.copyOf(der, der.length / 2));
    Files.writeString(dir.resolve("tls.crt"), issued.certificatePem());
    Files.writeString(dir.resolve("tls.key"), "-----BEGIN EC PRIVATE KEY-----\n" + truncated
        + "\n-----END EC PRIVATE KEY-----\n");

    assertRefused("webhook.keyFile: the EC PRIVATE KEY block does not parse (VertxException)", issued);
  }

  @Test
  void read_certificateFileWithoutACertificate_isOneLine() throws IOException {
    TestCertificates.Issued issued = TestCertificates.issue("webhook");
    Files.writeString(dir.resolve("tls.crt"), "not a certificate\n");
    Files.writeString(dir.resolve("tls.key"), issued.keyPem());

    assertThatThrownBy(() -> TlsMaterial.read(vertx, dir.resolve("tls.crt"), dir.resolve("tls.key")).await())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("webhook.certFile: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  /** An HTTPS server on a free port with the pair read from tls.crt and tls.key. */
  private HttpServer serve() {
    TlsMaterial tls = TlsMaterial.read(vertx, dir.resolve("tls.crt"), dir.resolve("tls.key")).await();
    return vertx.createHttpServer(new HttpServerOptions().setPort(0).setSsl(true)
            .setKeyCertOptions(tls.keyCertOptions()))
        .requestHandler(request -> request.response().end())
        .listen().await();
  }

  private void assertRefused(String message, TestCertificates.Issued issued) {
    String keyBody = issued.keyPem().lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
    assertThatThrownBy(() -> TlsMaterial.read(vertx, dir.resolve("tls.crt"), dir.resolve("tls.key")).await())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(keyBody));
  }
}
