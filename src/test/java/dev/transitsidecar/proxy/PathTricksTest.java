package dev.transitsidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.Http;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The table of path tricks: each is sent as raw bytes (no client library normalizes it first), each must be refused
 * with 403, and the engine must have seen none of them.
 */
class PathTricksTest {
  private static ProxyFixture proxy;

  /** Method and raw request target. */
  private record Trick(String method, String target) {}

  private static final List<Trick> TRICKS = List.of(
      // dot segments, plain and encoded
      new Trick("POST", "/v1/transit/encrypt/kasten/../../../sys/mounts"),
      new Trick("GET", "/v1/transit/encrypt/../keys/kasten"),
      new Trick("POST", "/v1/transit/encrypt/./kasten"),
      new Trick("POST", "/v1/./transit/encrypt/kasten"),
      new Trick("POST", "/v1/transit/encrypt/%2e%2e/decrypt/kasten"),
      new Trick("POST", "/v1/transit/encrypt/%2E%2E%2Fdecrypt%2Fkasten"),
      new Trick("POST", "/v1/transit/encrypt/.%2e/decrypt/kasten"),
      new Trick("GET", "/v1/transit/keys/kasten/.."),
      // encoded slashes and other escapes, even of allowed characters
      new Trick("POST", "/v1/transit/encrypt/kasten%2F..%2F..%2Fsys%2Fmounts"),
      new Trick("POST", "/v1/transit/encrypt%2Fkasten"),
      new Trick("POST", "/v1/transit/encrypt/%6basten"),
      new Trick("POST", "/v1/transit%2fencrypt/kasten"),
      new Trick("POST", "/v1/transit/encrypt/kasten%00"),
      new Trick("POST", "/v1/transit/encrypt/kasten%20"),
      new Trick("POST", "/v1/transit/encrypt/kasten%2e"),
      new Trick("POST", "/v1/transit/encrypt/kasten%5c..%5csys"),
      // empty segments, trailing slash, trailing and leading dots
      new Trick("POST", "/v1/transit//encrypt/kasten"),
      new Trick("POST", "//v1/transit/encrypt/kasten"),
      new Trick("POST", "/v1/transit/encrypt/kasten/"),
      new Trick("POST", "/v1/transit/encrypt//kasten"),
      new Trick("POST", "/v1/transit/encrypt/kasten."),
      new Trick("POST", "/v1/transit/encrypt/.kasten"),
      new Trick("POST", "/v1/transit./encrypt/kasten"),
      // characters outside [A-Za-z0-9_.-]
      new Trick("POST", "/v1/transit/encrypt/kasten;jsessionid=1"),
      new Trick("POST", "/v1/transit/encrypt/kasten\\..\\..\\sys"),
      new Trick("POST", "/v1/transit/encrypt/kas+ten"),
      new Trick("POST", "/v1/transit/encrypt/kasten*"),
      new Trick("POST", "/v1/transit/encrypt/kasten:1"),
      // absolute-form request target with a dot segment
      new Trick("POST", "http://127.0.0.1/v1/transit/encrypt/../../sys/mounts"),
      // names that are plain but not on the list: case, other keys, other mounts, other operations
      new Trick("POST", "/v1/transit/encrypt/KASTEN"),
      new Trick("POST", "/v1/Transit/encrypt/kasten"),
      new Trick("POST", "/v1/transit/encrypt/other"),
      new Trick("POST", "/v1/transit2/encrypt/kasten"),
      new Trick("POST", "/v1/transit/encrypt/kasten/extra"),
      new Trick("POST", "/v1/transit/datakey/other/kasten"),
      new Trick("GET", "/v1/transit/export/encryption-key/kasten"),
      new Trick("POST", "/v1/transit/keys/kasten/rotate"),
      new Trick("POST", "/v1/transit/keys/kasten/config"),
      new Trick("POST", "/v1/transit/keys/kasten"),
      new Trick("DELETE", "/v1/transit/keys/kasten"),
      new Trick("GET", "/v1/transit/keys"),
      new Trick("POST", "/v1/transit/keys?list=true"),
      new Trick("GET", "/v1/transit/encrypt/kasten"),
      new Trick("POST", "/v1/sys/mounts"),
      new Trick("POST", "/v1/sys/wrapping/unwrap"),
      new Trick("POST", "/v1/auth/token/create"),
      new Trick("GET", "/v1/sys/policies/acl/transit-sidecar"),
      new Trick("GET", "/v1/secret/data/anything"));

  @BeforeAll
  static void start() {
    proxy = ProxyFixture.start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @Test
  void everyTrick_isRefusedWith403_andTheEngineSeesNone() {
    proxy.forgetSeen();
    List<String> notRefused = new ArrayList<>();
    for (Trick trick : TRICKS) {
      String status = Http.rawStatusLine(proxy.port, trick.method() + " " + trick.target() + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nX-Vault-Request: true\r\nContent-Type: application/json\r\n"
          + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
      if (!status.equals("HTTP/1.1 403")) {
        notRefused.add(trick + " -> " + status);
      }
    }
    assertThat(notRefused).isEmpty();
    assertThat(proxy.seen()).isEmpty();
  }

  @Test
  void plainAllowListedPath_sentTheSameWay_isForwarded() {
    proxy.forgetSeen();
    String body = "{\"plaintext\":\"\"}";
    String status = Http.rawStatusLine(proxy.port, "POST /v1/transit/encrypt/kasten HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nX-Vault-Request: true\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    assertThat(status).isEqualTo("HTTP/1.1 200");
    assertThat(proxy.seen()).extracting(s -> s.path()).containsExactly("/v1/transit/encrypt/kasten");
  }

  @Test
  void rawPath_plainNames_passAndTricksFail() {
    assertThat(RawPath.isPlain("/v1/transit/encrypt/kasten")).isTrue();
    assertThat(RawPath.isPlain("/v1/transit/encrypt/kasten-1.v2_x")).isTrue();
    assertThat(RawPath.isPlain("/sidecar/v1/status")).isTrue();
    for (String bad : new String[] {null, "", "/", "*", "v1/x", "/v1/a/../b", "/v1/a/./b", "/v1/a//b", "/v1/a/",
        "/v1/a.", "/v1/.a", "/v1/a..b", "/v1/a%2Fb", "/v1/a b", "/v1/a;b", "/v1/ä"}) {
      assertThat(RawPath.isPlain(bad)).as(String.valueOf(bad)).isFalse();
    }
  }
}
