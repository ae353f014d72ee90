package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.config.TransitConfig;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The least-privilege policy: generated from the allow-list, equal to the shipped file, and enforced by the engine
 * (every proxied route works with it, as TransitForwardingTest shows through the proxy; here the engine itself
 * refuses what is outside it, with the sidecar's own token).
 */
class PolicyTest {
  private static ProxyFixture proxy;

  @BeforeAll
  static void start() {
    proxy = ProxyFixture.start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @Test
  void shippedPolicyFile_equalsTheGeneratorForTheDefaultConfig() throws IOException {
    String shipped = Files.readString(Path.of("policies/transit-sidecar.hcl"));
    assertThat(shipped).isEqualTo(PolicyHcl.generate(AllowList.of(SidecarConfig.defaults().transit())));
  }

  @Test
  void shippedRotationPolicyFile_equalsTheRotationGeneratorForTheDefaultConfig() throws IOException {
    String shipped = Files.readString(Path.of("policies/transit-sidecar-rotate.hcl"));
    SidecarConfig defaults = SidecarConfig.defaults();
    assertThat(shipped).isEqualTo(PolicyHcl.generateRotation(
        AllowList.forRotation(defaults.transit().mount(), defaults.keystore().transitKey())));
    assertThat(shipped).contains("path \"transit/keys/kasten/rotate\" {\n  capabilities = [\"update\"]\n}")
        .contains("path \"transit/keys/kasten/config\" {\n  capabilities = [\"update\"]\n}")
        .doesNotContain("*").doesNotContain("sudo").doesNotContain("encrypt").doesNotContain("delete");
  }

  @Test
  void policy_grantsExactlyOneBlockPerForwardedPath() {
    AllowList allowList = AllowList.of(new TransitConfig("kv-transit", List.of("a", "b")));
    String hcl = PolicyHcl.generate(allowList);
    long blocks = hcl.lines().filter(l -> l.startsWith("path ")).count();
    assertThat(blocks).isEqualTo(allowList.routes().stream().map(ProxiedRoute::path).distinct().count());
    assertThat(hcl).contains("path \"kv-transit/encrypt/b\" {\n  capabilities = [\"update\"]\n}")
        .contains("path \"kv-transit/keys/a\" {\n  capabilities = [\"read\"]\n}")
        .contains("path \"kv-transit/keys\" {\n  capabilities = [\"list\"]\n}")
        .doesNotContain("*").doesNotContain("sudo").doesNotContain("create").doesNotContain("delete");
  }

  @Test
  void engine_withThePolicy_allowsEveryProxiedRouteDirectly() {
    for (ProxiedRoute route : AllowList.of(SidecarConfig.defaults().transit()).routes()) {
      Answer a = direct(route.vaultMethod().name(), route.vaultUri(),
          route.capability().equals("update") ? "{\"plaintext\":\"aGk=\"}" : null);
      assertThat(a.status()).as(route.toString()).isNotEqualTo(403);
    }
  }

  @Test
  void engine_withThePolicy_refusesRoutesOutsideIt() {
    String[][] outside = {
        {"POST", "/v1/transit/keys/kasten/rotate", "{}"},
        {"POST", "/v1/transit/keys/kasten/config", "{\"deletion_allowed\":true}"},
        {"POST", "/v1/transit/keys/other", "{}"},
        {"POST", "/v1/transit/encrypt/other", "{\"plaintext\":\"aGk=\"}"},
        {"GET", "/v1/transit/export/encryption-key/kasten", null},
        {"DELETE", "/v1/transit/keys/kasten", null},
        {"GET", "/v1/sys/policies/acl/transit-sidecar", null}};
    for (String[] call : outside) {
      Answer a = direct(call[0], call[1], call[2]);
      assertThat(a.status()).as(call[1]).isEqualTo(403);
      assertThat(a.json().getJsonArray("errors").encode()).as(call[1]).contains("permission denied");
    }
  }

  @Test
  void kastenPolicyFile_isAValidPolicy() throws IOException {
    proxy.engine.putPolicy("kasten-k10", Files.readString(Path.of("policies/kasten-k10.hcl")));
  }

  /** Straight to the engine with the sidecar's token, bypassing the proxy. */
  private static Answer direct(String method, String uri, String body) {
    HttpRequest request = Http.request(proxy.engine.address(), uri)
        .header("X-Vault-Token", proxy.sidecarToken)
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
        .build();
    return Http.send(request);
  }
}
