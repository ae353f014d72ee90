package dev.transitsidecar.keystore;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keystore file, exactly as docs/design.md, "The keystore" shows it, read with explicit checks: {@code version} is the
 * integer 1, {@code key_id} 16 lowercase hex digits, every passkey has exactly its type's fields with valid values,
 * and exactly one is in use. Unknown fields are refused too: a file this version does not fully understand is never
 * rewritten by it. Every failure is one {@link KeystoreException} that names the problem but never repeats a value.
 */
final class KeystoreFormat {
  static final int MASTER_KEY_BYTES = 32;
  private static final Pattern TRANSIT_CIPHERTEXT = Pattern.compile("vault:v([1-9][0-9]{0,8}):[A-Za-z0-9+/]+={0,2}");
  private static final Set<String> TOP = Set.of("version", "key_id", "passkeys");
  private static final Set<String> TRANSIT = Set.of("name", "type", "mount", "key", "ciphertext", "in_use", "created");
  private static final Set<String> PASSPHRASE = Set.of("name", "type", "kdf", "ciphertext", "in_use", "created");
  private static final Set<String> KDF = Set.of("alg", "m", "t", "p", "salt");

  private KeystoreFormat() {}

  static Keystore parse(Buffer bytes) {
    JsonObject top = object(bytes);
    fields(top, TOP, "the keystore");
    if (!(top.getValue("version") instanceof Integer version) || version != Keystore.VERSION) {
      throw damaged("version must be 1");
    }
    String keyId = text(top, "key_id", "the keystore");
    if (!(top.getValue("passkeys") instanceof JsonArray array) || array.isEmpty()) {
      throw damaged("passkeys must be a non-empty array");
    }
    List<Passkey> passkeys = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject item)) {
        throw damaged("passkeys[" + i + "] must be an object");
      }
      passkeys.add(passkey(item, "passkeys[" + i + "]"));
    }
    try {
      return new Keystore(keyId, passkeys);
    } catch (KeystoreException e) {
      throw damaged(e.getMessage());
    }
  }

  static Buffer format(Keystore keystore) {
    JsonArray passkeys = new JsonArray();
    keystore.passkeys().forEach(p -> passkeys.add(json(p)));
    JsonObject top = new JsonObject().put("version", Keystore.VERSION).put("key_id", keystore.keyId())
        .put("passkeys", passkeys);
    return Buffer.buffer(top.encodePrettily()).appendString("\n");
  }

  /** {@code N} of {@code vault:vN:...}; the ciphertext was checked when it was read or made. */
  static int transitVersion(String ciphertext) {
    Matcher m = TRANSIT_CIPHERTEXT.matcher(ciphertext);
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  static boolean validTransitCiphertext(String ciphertext) {
    return TRANSIT_CIPHERTEXT.matcher(ciphertext).matches();
  }

  private static JsonObject object(Buffer bytes) {
    try {
      return new JsonObject(bytes);
    } catch (DecodeException | ClassCastException e) {
      throw damaged("not a complete JSON object (truncated or corrupted)");
    }
  }

  private static Passkey passkey(JsonObject item, String where) {
    String type = text(item, "type", where);
    return switch (type) {
      case TransitPasskey.TYPE -> transit(item, where);
      case PassphrasePasskey.TYPE -> passphrase(item, where);
      default -> throw damaged(where + ".type must be vault-transit or passphrase");
    };
  }

  private static TransitPasskey transit(JsonObject item, String where) {
    fields(item, TRANSIT, where);
    String ciphertext = text(item, "ciphertext", where);
    if (!validTransitCiphertext(ciphertext)) {
      throw damaged(where + ".ciphertext is not a Transit ciphertext (vault:vN:...)");
    }
    return new TransitPasskey(name(item, where), text(item, "mount", where), text(item, "key", where), ciphertext,
        flag(item, "in_use", where), created(item, where));
  }

  private static PassphrasePasskey passphrase(JsonObject item, String where) {
    fields(item, PASSPHRASE, where);
    if (!(item.getValue("kdf") instanceof JsonObject kdf)) {
      throw damaged(where + ".kdf must be an object");
    }
    fields(kdf, KDF, where + ".kdf");
    if (!"argon2id".equals(kdf.getValue("alg"))) {
      throw damaged(where + ".kdf.alg must be argon2id");
    }
    int m = number(kdf, "m", 8 * 1024, 1024 * 1024, where + ".kdf");
    int t = number(kdf, "t", 1, 16, where + ".kdf");
    int p = number(kdf, "p", 1, 16, where + ".kdf");
    String salt = base64(kdf, "salt", PassphrasePasskey.SALT_BYTES, where + ".kdf");
    String ciphertext = base64(item, "ciphertext", PassphrasePasskey.SEALED_BYTES, where);
    return new PassphrasePasskey(name(item, where), m, t, p, salt, ciphertext, flag(item, "in_use", where),
        created(item, where));
  }

  private static JsonObject json(Passkey passkey) {
    JsonObject out = new JsonObject().put("name", passkey.name()).put("type", passkey.type());
    switch (passkey) {
      case TransitPasskey t -> out.put("mount", t.mount()).put("key", t.key()).put("ciphertext", t.ciphertext());
      case PassphrasePasskey p -> out
          .put("kdf", new JsonObject().put("alg", "argon2id").put("m", p.memoryKib()).put("t", p.iterations())
              .put("p", p.parallelism()).put("salt", p.salt()))
          .put("ciphertext", p.ciphertext());
    }
    return out.put("in_use", passkey.inUse()).put("created", passkey.created().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private static void fields(JsonObject object, Set<String> expected, String where) {
    for (String name : object.fieldNames()) {
      if (!expected.contains(name)) {
        throw damaged(where + " has an unknown field " + printable(name));
      }
    }
    for (String name : expected) {
      if (!object.containsKey(name)) {
        throw damaged(where + " lacks the field " + name);
      }
    }
  }

  private static String name(JsonObject item, String where) {
    String name = text(item, "name", where);
    if (!Keystore.validName(name)) {
      throw damaged(where + ".name is not a valid passkey name");
    }
    return name;
  }

  private static String text(JsonObject object, String field, String where) {
    if (!(object.getValue(field) instanceof String value) || value.isEmpty()) {
      throw damaged(where + "." + field + " must be a non-empty string");
    }
    return value;
  }

  private static boolean flag(JsonObject object, String field, String where) {
    if (!(object.getValue(field) instanceof Boolean value)) {
      throw damaged(where + "." + field + " must be true or false");
    }
    return value;
  }

  private static int number(JsonObject object, String field, int min, int max, String where) {
    if (!(object.getValue(field) instanceof Integer value) || value < min || value > max) {
      throw damaged(where + "." + field + " must be an integer from " + min + " to " + max);
    }
    return value;
  }

  private static String base64(JsonObject object, String field, int bytes, String where) {
    String value = text(object, field, where);
    try {
      if (Base64.getDecoder().decode(value).length == bytes) {
        return value;
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw damaged(where + "." + field + " must be the base64 of " + bytes + " bytes");
  }

  private static Instant created(JsonObject item, String where) {
    try {
      return Instant.parse(text(item, "created", where));
    } catch (DateTimeParseException e) {
      throw damaged(where + ".created must be an RFC 3339 UTC time");
    }
  }

  private static String printable(String name) {
    return name.length() <= 40 && name.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? name : "(unprintable)";
  }

  private static KeystoreException damaged(String problem) {
    return new KeystoreException("keystore damaged: " + problem);
  }
}
