package dev.transitsidecar.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** What a Vault client notices about an answer: status, headers and the envelope (docs/vault-api.md section 0). */
final class VaultAssertions {
  private VaultAssertions() {}

  /** Every answer, success or error, carries {@code Cache-Control: no-store}. */
  static void assertNoStore(VaultHttp.Response r) {
    assertThat(r.header("Cache-Control")).as("Cache-Control of %s", r).contains("no-store");
  }

  /**
   * {@code status} with Vault's success envelope: request_id (a UUID), lease_id "", renewable false,
   * lease_duration 0, and the keys data, wrap_info (null), warnings, auth present. Returns the body.
   */
  static JsonObject assertEnvelope(VaultHttp.Response r, int status) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertNoStore(r);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonObject body = r.body();
    assertThat(body).as("body of %s", r).isNotNull();
    assertThat(UUID.fromString(body.getString("request_id"))).isNotNull();
    assertThat(body.getString("lease_id")).isEmpty();
    assertThat(body.getBoolean("renewable")).isFalse();
    assertThat(body.getLong("lease_duration")).isZero();
    assertThat(body.containsKey("data")).as("data key in %s", r).isTrue();
    assertThat(body.containsKey("wrap_info")).as("wrap_info key in %s", r).isTrue();
    assertThat(body.getValue("wrap_info")).isNull();
    assertThat(body.containsKey("warnings")).as("warnings key in %s", r).isTrue();
    assertThat(body.containsKey("auth")).as("auth key in %s", r).isTrue();
    assertThat(body.containsKey("errors")).as("no errors key in %s", r).isFalse();
    // Lenient: mount_type exists in the current HTTPResponse struct, absent in old releases.
    if (body.containsKey("mount_type")) {
      assertThat(body.getValue("mount_type")).isInstanceOf(String.class);
    }
    return body;
  }

  /** 200 with the success envelope, no warnings; returns {@code data}. */
  static JsonObject assertOk(VaultHttp.Response r) {
    JsonObject body = assertEnvelope(r, 200);
    assertThat(body.getValue("warnings")).as("warnings of %s", r).isNull();
    return body.getJsonObject("data");
  }

  /** 200 with the success envelope and exactly these warnings; returns {@code data}. */
  static JsonObject assertOkWithWarnings(VaultHttp.Response r, String... warnings) {
    JsonObject body = assertEnvelope(r, 200);
    assertThat(body.getJsonArray("warnings")).as("warnings of %s", r).containsExactly((Object[]) warnings);
    return body.getJsonObject("data");
  }

  /** 204 and no body at all. */
  static void assertNoContent(VaultHttp.Response r) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(204);
    assertThat(r.rawBody()).isEmpty();
    assertNoStore(r);
  }

  /** {@code status} with exactly {@code {"errors":[message]}}. */
  static void assertError(VaultHttp.Response r, int status, String message) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertNoStore(r);
    assertThat(r.body()).as("body of %s", r).isEqualTo(new JsonObject().put("errors", new JsonArray().add(message)));
  }

  /** {@code status} with {@code {"errors":[one message]}} whose text contains {@code fragment}; returns it. */
  static String assertErrorContaining(VaultHttp.Response r, int status, String fragment) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertNoStore(r);
    assertThat(r.body().fieldNames()).as("body of %s", r).containsExactly("errors");
    assertThat(r.errors()).as("errors of %s", r).hasSize(1);
    String message = r.errors().getString(0);
    assertThat(message).contains(fragment);
    return message;
  }

  /** A READ with nothing to return, or an empty LIST: 404 with {@code {"errors":[]}}. */
  static void assertNotFoundEmpty(VaultHttp.Response r) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(404);
    assertNoStore(r);
    assertThat(r.body()).as("body of %s", r).isEqualTo(new JsonObject().put("errors", new JsonArray()));
  }

  /**
   * A valid token that its policies do not allow: 403 with {@code permission denied} only (PR #26687 doc text);
   * the message may be Go multierror-rendered, but it must not say {@code invalid token}.
   */
  static void assertPermissionDenied(VaultHttp.Response r) {
    String message = assertErrorContaining(r, 403, "permission denied");
    assertThat(message).doesNotContain("invalid token");
  }

  /**
   * A missing, expired or revoked token: 403 whose message contains {@code permission denied}. Vault 1.17+
   * (PR #25953) adds {@code invalid token}; older versions and the engine may not. Lenient on exactly that:
   * the message is either plain {@code permission denied} or also names {@code invalid token}.
   */
  static void assertInvalidToken(VaultHttp.Response r) {
    String message = assertErrorContaining(r, 403, "permission denied");
    if (!message.strip().equals("permission denied")) {
      assertThat(message).contains("invalid token");
    }
  }
}
