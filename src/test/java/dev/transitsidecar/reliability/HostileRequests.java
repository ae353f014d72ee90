package dev.transitsidecar.reliability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generators of hostile requests to the loopback API: a valid request of a known kind (an allow-listed Transit call,
 * a locally answered Vault route, a sidecar route, a refused Vault path), then its method, path, headers, framing and
 * body mutated.
 */
final class HostileRequests {
  static final List<String> ALLOWED = List.of("/v1/transit/encrypt/kasten", "/v1/transit/decrypt/kasten",
      "/v1/transit/rewrap/kasten", "/v1/transit/datakey/plaintext/kasten", "/v1/transit/datakey/wrapped/kasten",
      "/v1/transit/keys/kasten", "/v1/transit/keys", "/v1/transit/keys?list=true");
  static final List<String> LOCAL = List.of("/v1/sys/health", "/v1/auth/token/lookup-self",
      "/v1/auth/token/renew-self", "/v1/auth/kubernetes/login", "/sidecar/v1/status", "/sidecar/v1/derive",
      "/healthz", "/readyz", "/metrics");
  static final List<String> REFUSED = List.of("/v1/sys/mounts", "/v1/transit/keys/kasten/rotate",
      "/v1/transit/keys/kasten/config", "/v1/transit/export/encryption-key/kasten", "/v1/transit/encrypt/other",
      "/v1/transit/decrypt/Kasten", "/v1/secret/data/x", "/v1/auth/token/create", "/v1/sys/wrapping/unwrap",
      "/v1/transit/hmac/kasten", "/v1/transit/keys/kasten/trim", "/v1/sys/policies/acl/x",
      "/v1/othermount/encrypt/kasten", "/v1/transit/random", "/v1/transit/backup/kasten", "/v1/sys/seal",
      "/v1/auth/token/lookup", "/v1/transit/sign/kasten", "/v1/transit/keys/kasten/", "/v1/transit//keys");
  private static final String[] METHODS = {"GET", "POST", "PUT", "LIST", "DELETE", "HEAD", "OPTIONS", "PATCH",
      "TRACE", "CONNECT", "post", "FOO", "G\u0000T", "PRI"};
  private static final String[] TYPES = {"application/json", "application/x-www-form-urlencoded", "text/plain",
      "application/json; charset=utf-16", "multipart/form-data; boundary=x", "application/JSON", ";", "\u00e9",
      "application/json, text/plain", "*/*"};

  private HostileRequests() {}

  /** Any request to the loopback API, most of them a mutation of a valid one. */
  static Arbitrary<RawRequest> api(String ciphertext) {
    return Arbitraries.randomValue(r -> {
      int kind = r.nextInt(10);
      String path = kind < 5 ? pick(r, ALLOWED) : kind < 8 ? pick(r, REFUSED) : pick(r, LOCAL);
      String method = r.nextInt(3) == 0 ? METHODS[r.nextInt(METHODS.length)]
          : path.contains("/keys") && !path.contains("rotate") || !path.startsWith("/v1/transit") && r.nextBoolean()
              ? "GET" : "POST";
      return request(r, method, mutatePath(r, path), body(r, path, ciphertext));
    });
  }

  /** Requests to {@code POST /sidecar/v1/derive}: valid bodies, mutated ones, and the odd header or framing. */
  static Arbitrary<RawRequest> derive() {
    return Arbitraries.randomValue(r -> {
      String path = r.nextInt(20) == 0 ? mutatePath(r, "/sidecar/v1/derive") : "/sidecar/v1/derive";
      String method = r.nextInt(20) == 0 ? METHODS[r.nextInt(METHODS.length)] : "POST";
      JsonObject template = deriveTemplate(r);
      byte[] body = r.nextInt(3) == 0 ? template.encode().getBytes(StandardCharsets.UTF_8)
          : JsonMutations.mutate(r, template);
      return request(r, method, path, body);
    });
  }

  private static RawRequest request(Random r, String method, String target, byte[] body) {
    List<String[]> headers = new ArrayList<>();
    headers.add(r.nextInt(12) == 0 ? weirdHost(r) : null);
    if (r.nextInt(10) != 0) {
      headers.add(new String[] {"X-Vault-Request", r.nextInt(15) == 0 ? pick(r, List.of("false", "TRUE", "1", ""))
          : "true"});
    }
    if (r.nextInt(4) != 0) {
      headers.add(new String[] {"Content-Type", r.nextInt(5) == 0 ? TYPES[r.nextInt(TYPES.length)]
          : "application/json"});
    }
    if (r.nextInt(5) == 0) {
      headers.add(new String[] {r.nextBoolean() ? "X-Vault-Token" : "Authorization", token(r)});
    }
    if (r.nextInt(25) == 0) {
      headers.add(new String[] {pick(r, List.of("X-Vault-Wrap-TTL", "X-Vault-Namespace", "X-Vault-Policy-Override",
          "X-Forwarded-For", "Expect", "Upgrade", "Content-Encoding")), pick(r, List.of("30s", "root", "true",
          "100-continue", "h2c", "gzip", ""))});
    }
    if (r.nextInt(30) == 0) {
      headers.add(oddHeader(r));
    }
    RawRequest.Framing framing = r.nextInt(8) != 0 ? RawRequest.Framing.LENGTH
        : RawRequest.Framing.values()[r.nextInt(RawRequest.Framing.values().length)];
    return new RawRequest(method, target, headers.stream().filter(h -> h != null).toList(), body, framing);
  }

  /** A Host header other than the loopback one ({@link #hostOf} picks the rest). */
  private static String[] weirdHost(Random r) {
    return new String[] {"Host", pick(r, List.of("evil.example", "127.0.0.1.nip.io", "", "localhost:abc",
        "LOCALHOST", "[::1]:8200", "127.0.0.2", "localhost.", "ǩ.example", "127.0.0.1, evil.example",
        "0x7f000001", "2130706433", "[::ffff:127.0.0.1]"))};
  }

  /** The Host to send: the loopback one unless the request carries its own (then none is added). */
  static String hostOf(RawRequest request, int port) {
    return request.headers().stream().anyMatch(h -> h[0].equals("Host")) ? null
        : (request.target().hashCode() % 7 == 0 ? "localhost:" + port : "127.0.0.1:" + port);
  }

  private static String token(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> "hvs." + "x".repeat(r.nextInt(40));
      case 1 -> "Bearer " + "y".repeat(r.nextInt(9000));
      case 2 -> "ǩ\u00ff";
      default -> "";
    };
  }

  private static String[] oddHeader(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> new String[] {"X-Big", "z".repeat(10_000 + r.nextInt(10_000))};
      case 1 -> new String[] {"Bad Name", "v"};
      case 2 -> new String[] {"X-Ctl", "a\u0000b"};
      case 3 -> new String[] {"NoColon", null};
      default -> new String[] {"X-Folded", "a\r\n b"};
    };
  }

  /** Zero to three changes to a path: the tricks of path confusion and a few plain oddities. */
  static String mutatePath(Random r, String path) {
    String out = path;
    int changes = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(3);
    for (int i = 0; i < changes; i++) {
      out = switch (r.nextInt(16)) {
        case 0 -> atSlash(r, out, r.nextBoolean() ? "/./" : "/../");
        case 1 -> atSlash(r, out, "//");
        case 2 -> out + pick(r, List.of("/", ".", "/.", "/..", "%2F", "%00", ";x=y", "\\", "#frag", "?"));
        case 3 -> encodeOne(r, out);
        case 4 -> out.replace("transit", pick(r, List.of("TRANSIT", "Transit", "transit%2Fencrypt", "tr%61nsit",
            "transit.", "..", "%2e%2e")));
        case 5 -> out.replace("kasten", pick(r, List.of("Kasten", "kasten ", "kasten%00", "kasten%2F..", "k\u0430sten",
            "kasten/../other", "", "*", "kasten%20", "ǩasten")));
        case 6 -> out + "/" + "a".repeat(1 + r.nextInt(r.nextInt(8) == 0 ? 9_000 : 200));
        case 7 -> out + pick(r, List.of("?list=true", "?list=TRUE", "?list=true&list=false", "?a=%zz", "?list",
            "?" + "q=1&".repeat(500)));
        case 8 -> "http://" + pick(r, List.of("127.0.0.1", "evil.example", "localhost")) + out;
        case 9 -> pick(r, List.of("*", "", "v1/transit/keys", "/", "//v1/sys/health", "/v1", "/v1/"));
        case 10 -> atSlash(r, out, "/%2e%2e/");
        case 11 -> out.replace("/v1/", pick(r, List.of("/V1/", "/v1/./", "/v2/", "/v1//", "/%76%31/")));
        case 12 -> out + " HTTP/1.0\r\nX-Injected: 1";
        case 13 -> out.replace("/", pick(r, List.of("\uff0f", "\u2215", "%c0%af", "%ef%bc%8f")));
        case 14 -> out + "\u0000";
        default -> out;
      };
    }
    return out;
  }

  private static String atSlash(Random r, String path, String what) {
    List<Integer> slashes = new ArrayList<>();
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        slashes.add(i);
      }
    }
    if (slashes.isEmpty()) {
      return path + what;
    }
    int at = slashes.get(r.nextInt(slashes.size()));
    return path.substring(0, at) + what + path.substring(at + 1);
  }

  private static String encodeOne(Random r, String path) {
    if (path.isEmpty()) {
      return "%";
    }
    int at = r.nextInt(path.length());
    String hex = String.format("%%%02X", (int) path.charAt(at) & 0xff);
    return path.substring(0, at) + (r.nextBoolean() ? hex : hex.toLowerCase()) + path.substring(at + 1);
  }

  private static byte[] body(Random r, String path, String ciphertext) {
    if (r.nextInt(12) == 0) {
      return new byte[0];
    }
    JsonObject template;
    if (path.contains("decrypt") || path.contains("rewrap")) {
      template = r.nextInt(3) == 0 ? batch(r, "ciphertext", ciphertext) : new JsonObject().put("ciphertext", ciphertext);
    } else if (path.contains("encrypt")) {
      template = r.nextInt(3) == 0 ? batch(r, "plaintext", "aGVsbG8=") : new JsonObject().put("plaintext", "aGVsbG8=");
    } else if (path.contains("datakey")) {
      template = new JsonObject().put("bits", 256);
    } else if (path.contains("derive")) {
      template = deriveTemplate(r);
    } else if (path.contains("login")) {
      template = new JsonObject().put("role", "app").put("jwt", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
    } else {
      template = new JsonObject();
    }
    if (r.nextInt(20) == 0) {
      template.put("context", "YQ==").put("associated_data", "YQ==");
    }
    return r.nextInt(3) == 0 ? template.encode().getBytes(StandardCharsets.UTF_8) : JsonMutations.mutate(r, template);
  }

  private static JsonObject batch(Random r, String field, String value) {
    JsonArray items = new JsonArray();
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      items.add(new JsonObject().put(field, value).put("reference", "r" + i));
    }
    return new JsonObject().put("batch_input", items);
  }

  static JsonObject deriveTemplate(Random r) {
    byte[] context = new byte[1 + r.nextInt(r.nextInt(10) == 0 ? 1_100 : 40)];
    r.nextBytes(context);
    String b64 = java.util.Base64.getEncoder().encodeToString(context);
    JsonObject item = new JsonObject().put("context", b64);
    if (r.nextBoolean()) {
      item.put("length", 14 + r.nextInt(54));
    }
    if (r.nextInt(4) != 0) {
      return item;
    }
    JsonArray items = new JsonArray();
    int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 300 : 4);
    for (int i = 0; i < n; i++) {
      items.add(item.copy().put("reference", "r" + i));
    }
    return new JsonObject().put("batch_input", items);
  }

  private static <T> T pick(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }
}
