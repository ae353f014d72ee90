package dev.transitsidecar.contract;

import static dev.transitsidecar.contract.VaultAssertions.assertEnvelope;
import static dev.transitsidecar.contract.VaultAssertions.assertError;
import static dev.transitsidecar.contract.VaultAssertions.assertNoContent;
import static dev.transitsidecar.contract.VaultAssertions.assertNotFoundEmpty;
import static dev.transitsidecar.contract.VaultAssertions.assertOk;
import static dev.transitsidecar.contract.VaultAssertions.assertOkWithWarnings;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Key lifecycle: create, read, list, delete, rotate (docs/vault-api.md 1.1 to 1.5). Config is in {@link TransitKeyConfigContract}. */
abstract class TransitKeysContract extends ContractSupport {

  @Test
  void createKey_new_returns200WithKeyData() {
    String name = unique("k");
    JsonObject data = assertOk(transit("keys/" + name, new JsonObject()));
    assertThat(data.getString("name")).isEqualTo(name);
    assertThat(data.getString("type")).isEqualTo("aes256-gcm96");
    assertThat(data.getInteger("latest_version")).isEqualTo(1);
    assertThat(data.getInteger("min_decryption_version")).isEqualTo(1);
    assertThat(data.getInteger("min_encryption_version")).isZero();
    assertThat(data.getInteger("min_available_version")).isZero();
    assertThat(data.getLong("auto_rotate_period")).isZero();
    for (String flag : new String[] {"derived", "deletion_allowed", "exportable", "allow_plaintext_backup",
        "supports_signing", "imported_key"}) {
      assertThat(data.getBoolean(flag)).as(flag).isFalse();
    }
    for (String flag : new String[] {"supports_encryption", "supports_decryption", "supports_derivation"}) {
      assertThat(data.getBoolean(flag)).as(flag).isTrue();
    }
    assertThat(data.containsKey("kdf")).as("kdf only for derived keys").isFalse();
    JsonObject keys = data.getJsonObject("keys");
    assertThat(keys.fieldNames()).containsExactly("1");
    assertThat(keys.getLong("1")).isBetween(now().getEpochSecond() - 120, now().getEpochSecond() + 120);
  }

  @Test
  void createKey_existing_returns200WithAlreadyExistedWarning() {
    String name = createKey();
    JsonObject data = assertOkWithWarnings(transit("keys/" + name, new JsonObject().put("type", "chacha20-poly1305")),
        "key " + name + " already existed");
    assertThat(data.getString("type")).as("parameters of an existing key are ignored").isEqualTo("aes256-gcm96");
  }

  @Test
  void createKey_unknownType_returns400() {
    assertError(transit("keys/" + unique("k"), new JsonObject().put("type", "bogus")), 400, "unknown key type bogus");
  }

  @Test
  void createKey_convergentWithoutDerived_returns400() {
    assertError(transit("keys/" + unique("k"), new JsonObject().put("convergent_encryption", true)), 400,
        "convergent encryption requires derivation to be enabled");
  }

  @Test
  void createKey_autoRotatePeriodUnderAnHour_returns400() {
    assertError(transit("keys/" + unique("k"), new JsonObject().put("auto_rotate_period", "30m")), 400,
        "auto rotate period must be 0 to disable or at least an hour");
  }

  @Test
  void createKey_autoRotatePeriodAsDuration_readsBackAsSeconds() {
    String name = createKey(new JsonObject().put("auto_rotate_period", "2h"));
    assertThat(assertOk(get("transit/keys/" + name)).getLong("auto_rotate_period")).isEqualTo(7200);
  }

  @Test
  void createKey_derived_readShowsHkdf() {
    String name = createKey(new JsonObject().put("derived", true));
    JsonObject data = assertOk(get("transit/keys/" + name));
    assertThat(data.getBoolean("derived")).isTrue();
    assertThat(data.getString("kdf")).isEqualTo("hkdf_sha256");
    assertThat(data.getBoolean("convergent_encryption")).isFalse();
    assertThat(data.containsKey("convergent_encryption_version")).isFalse();
  }

  @Test
  void createKey_derivedConvergent_readShowsConvergentVersionMinusOne() {
    String name = createKey(new JsonObject().put("derived", true).put("convergent_encryption", true));
    JsonObject data = assertOk(get("transit/keys/" + name));
    assertThat(data.getBoolean("convergent_encryption")).isTrue();
    assertThat(data.getInteger("convergent_encryption_version")).isEqualTo(-1);
  }

  @Test
  void readKey_existing_returnsSameDataAsCreate() {
    String name = unique("k");
    JsonObject created = assertOk(transit("keys/" + name, new JsonObject()));
    assertThat(assertOk(get("transit/keys/" + name))).isEqualTo(created);
  }

  @Test
  void readKey_unknown_returns404WithEmptyErrors() {
    assertNotFoundEmpty(get("transit/keys/" + unique("missing")));
  }

  @Test
  void listKeys_listMethod_includesCreatedKeys() {
    String a = createKey();
    String b = createKey();
    JsonObject data = assertOk(http().send("LIST", "transit/keys", root(), null));
    assertThat(strings(data.getJsonArray("keys"))).contains(a, b);
  }

  @Test
  void listKeys_getWithListQuery_includesCreatedKeysInLexicalOrder() {
    String a = createKey();
    JsonObject data = assertOk(get("transit/keys?list=true"));
    assertThat(strings(data.getJsonArray("keys"))).contains(a).isSorted();
  }

  @Test
  void listKeys_mountWithoutKeys_returns404WithEmptyErrors() {
    VaultHttp empty = new VaultHttp(target().emptyTransitAddress());
    assertNotFoundEmpty(empty.send("LIST", VaultTarget.EMPTY_TRANSIT + "/keys", root(), null));
    assertNotFoundEmpty(empty.send("GET", VaultTarget.EMPTY_TRANSIT + "/keys?list=true", root(), null));
  }

  @Test
  void deleteKey_deletionNotAllowed_returns400() {
    String name = createKey();
    assertError(delete("transit/keys/" + name), 400,
        "error deleting policy " + name + ": deletion is not allowed for this key");
  }

  @Test
  void deleteKey_afterConfigAllowsDeletion_returns204AndKeyIsGone() {
    String name = createKey();
    assertThat(assertOk(transit("keys/" + name + "/config", new JsonObject().put("deletion_allowed", true)))
        .getBoolean("deletion_allowed")).isTrue();
    assertNoContent(delete("transit/keys/" + name));
    assertNotFoundEmpty(get("transit/keys/" + name));
  }

  @Test
  void deleteKey_unknown_returns400() {
    String name = unique("missing");
    assertError(delete("transit/keys/" + name), 400, "error deleting policy " + name + ": could not delete key; not found");
  }

  @Test
  void rotateKey_existing_returns200WithNewLatestVersion() {
    String name = createKey();
    JsonObject data = assertOk(transit("keys/" + name + "/rotate", null));
    assertThat(data.getInteger("latest_version")).isEqualTo(2);
    assertThat(data.getInteger("min_decryption_version")).isEqualTo(1);
    assertThat(data.getJsonObject("keys").fieldNames()).containsExactlyInAnyOrder("1", "2");
    assertThat(encrypt(name, "after rotate")).startsWith("vault:v2:");
  }

  @Test
  void rotateKey_unknown_returns400KeyNotFound() {
    assertError(transit("keys/" + unique("missing") + "/rotate", null), 400, "key not found");
  }

  @Test
  void createKey_putMethod_isSynonymOfPost() {
    String name = unique("k");
    assertEnvelope(http().send("PUT", "transit/keys/" + name, root(), new JsonObject()), 200);
    assertOk(get("transit/keys/" + name));
  }
}
