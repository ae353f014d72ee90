package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class HttpEnvelopeTest {
  @AutoClose
  private final TestVault t = new TestVault(o -> o.withMaxRequestBytes(1024));
  private final FakeBackend fake = t.mountFakeTransit();

  @Test
  void success_hasVaultEnvelopeAndHeaders() {
    TestVault.Resp r = t.get("/v1/transit/keys/kasten", t.root());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject body = r.json();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("request_id", "lease_id", "renewable",
        "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type");
    assertThat(body.getString("request_id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(body.getString("lease_id")).isEmpty();
    assertThat(body.getBoolean("renewable")).isFalse();
    assertThat(body.getInteger("lease_duration")).isZero();
    assertThat(body.getValue("wrap_info")).isNull();
    assertThat(body.getValue("warnings")).isNull();
    assertThat(body.getValue("auth")).isNull();
    assertThat(body.getString("mount_type")).isEqualTo("transit");
    assertThat(body.getJsonObject("data").getString("path")).isEqualTo("keys/kasten");
  }

  @Test
  void warnings_areAList() {
    assertThat(t.get("/v1/transit/warn", t.root()).json().getJsonArray("warnings")).containsExactly("careful");
  }

  @Test
  void emptyReply_is204WithoutBody() {
    TestVault.Resp r = t.post("/v1/transit/empty", t.root(), new JsonObject());

    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void batchFailure_isFullEnvelopeWithItsStatus() {
    TestVault.Resp r = t.post("/v1/transit/batch", t.root(), new JsonObject());

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonObject("data").getJsonArray("batch_results")).isEmpty();
    assertThat(r.json().containsKey("errors")).isFalse();
  }

  @Test
  void methods_mapToVaultOperations() {
    t.send("LIST", "/v1/transit/keys", t.root(), null);
    assertThat(fake.last().op()).isEqualTo(Operation.LIST);
    t.get("/v1/transit/keys?list=true", t.root());
    assertThat(fake.last().op()).isEqualTo(Operation.LIST);
    assertThat(fake.last().path()).isEqualTo("keys");
    t.send("PUT", "/v1/transit/keys/a", t.root(), "{}");
    assertThat(fake.last().op()).isEqualTo(Operation.UPDATE);
    t.post("/v1/transit/keys/a", t.root(), new JsonObject());
    assertThat(fake.last().op()).isEqualTo(Operation.UPDATE);
    t.send("DELETE", "/v1/transit/keys/a", t.root(), null);
    assertThat(fake.last().op()).isEqualTo(Operation.DELETE);
    t.get("/v1/transit/keys/a", t.root());
    assertThat(fake.last().op()).isEqualTo(Operation.READ);
  }

  @Test
  void unknownMethod_is405() {
    TestVault.Resp r = t.send("PATCH", "/v1/transit/keys/a", t.root(), "{}");

    assertThat(r.status()).isEqualTo(405);
    assertThat(r.json().getJsonArray("errors")).isEmpty();
  }

  @Test
  void existenceCheck_turnsUpdateIntoCreate() {
    t.post("/v1/transit/new/thing", t.root(), new JsonObject());

    assertThat(fake.last().op()).isEqualTo(Operation.CREATE);
  }

  @Test
  void body_isPassedToTheBackend() {
    t.post("/v1/transit/keys/a", t.root(), new JsonObject().put("plaintext", "aGk="));

    assertThat(fake.last().body().getString("plaintext")).isEqualTo("aGk=");
  }

  @Test
  void malformedJson_is400WithoutEchoingTheBody() {
    TestVault.Resp r = t.send("POST", "/v1/transit/keys/a", t.root(), "{\"plaintext\": sEcReT");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errors()).contains("failed to parse JSON input").doesNotContain("sEcReT");
  }

  @Test
  void nonObjectJson_is400() {
    assertThat(t.send("POST", "/v1/transit/keys/a", t.root(), "[1,2]").status()).isEqualTo(400);
    assertThat(t.send("POST", "/v1/transit/keys/a", t.root(), "\"x\"").status()).isEqualTo(400);
  }

  @Test
  void pathologicalJson_is400() {
    String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    String unterminated = "{\"a\":\"" + "x".repeat(100);
    try (TestVault roomy = new TestVault()) {
      roomy.vault.mount("transit", new FakeBackend());
      TestVault.Resp r = roomy.send("POST", "/v1/transit/keys/a", roomy.root(), deep);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.errors()).contains("failed to parse JSON input");
    }
    assertThat(t.send("POST", "/v1/transit/keys/a", t.root(), unterminated).status()).isEqualTo(400);
    assertThat(t.send("POST", "/v1/transit/keys/a", t.root(), "{\"a\":1}{").status()).isEqualTo(400);
  }

  @Test
  void oversizedBody_is413WithVaultMessage() {
    String big = "{\"plaintext\":\"" + "A".repeat(4096) + "\"}";

    TestVault.Resp r = t.send("POST", "/v1/transit/keys/a", t.root(), big);

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.errors()).isEqualTo("[\"http: request body too large\"]");
  }

  @Test
  void unexpectedBackendFailure_is500WithoutDetail() {
    TestVault.Resp r = t.post("/v1/transit/boom", t.root(), new JsonObject());

    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"errors\":[\"internal error\"]}");
  }

  @Test
  void unknownPath_is404AfterAuth() {
    assertThat(t.get("/v1/nothing/here", t.root()).status()).isEqualTo(404);
    assertThat(t.get("/v1/nothing/here", t.root()).errors()).isEqualTo("[\"unsupported path\"]");
    assertThat(t.get("/v1/nothing/here", "hvs.bogus").status()).isEqualTo(403);
    assertThat(t.get("/v1/nothing/here", null).errors()).isEqualTo("[\"permission denied\"]");
    assertThat(t.get("/elsewhere", null).status()).isEqualTo(404);
  }

  @Test
  void invalidToken_is403WithPermissionDeniedAndInvalidToken() {
    TestVault.Resp r = t.get("/v1/transit/keys/a", "hvs.doesnotexist00000000000");

    assertThat(r.status()).isEqualTo(403);
    String error = r.json().getJsonArray("errors").getString(0);
    assertThat(error).contains("permission denied").contains("invalid token");
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void tokenHeader_winsOverBearer() throws Exception {
    HttpRequest both = HttpRequest.newBuilder(URI.create(t.vault.address() + "/v1/transit/keys/a"))
        .header("X-Vault-Token", t.root())
        .header("Authorization", "Bearer hvs.wrong")
        .build();
    HttpRequest bearer = HttpRequest.newBuilder(URI.create(t.vault.address() + "/v1/transit/keys/a"))
        .header("Authorization", "Bearer " + t.root())
        .build();

    assertThat(t.http.send(both, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(t.http.send(bearer, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }
}
