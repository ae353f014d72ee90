package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decodes {@code batch_input} the way Vault does. Encrypt and decrypt use {@code decodeBatchRequestItems}
 * (strings and JSON numbers only; a missing {@code plaintext} / {@code ciphertext} is a decode error); rewrap
 * uses plain {@code mapstructure.Decode} (a number is accepted as a string, errors carry the value). Any decode
 * error fails the whole request with the plain (500) error {@code failed to parse batch input: ...}, whose
 * text is mapstructure's {@code N error(s) decoding:} list.
 */
final class BatchRequests {
  /** Which Vault decoder to imitate. */
  enum Mode { ENCRYPT, DECRYPT, REWRAP }

  /** One request item; absent strings are "" and an absent key_version is 0. */
  record Item(String plaintext, String ciphertext, String context, String nonce, long keyVersion,
      String associatedData, String paddingScheme, String encryptPaddingScheme, String reference) {}

  private BatchRequests() {}

  static List<Item> decode(List<Object> rawItems, Mode mode) {
    List<String> errors = new ArrayList<>();
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < rawItems.size(); i++) {
      Object raw = rawItems.get(i);
      if (!(raw instanceof JsonObject map)) {
        if (mode != Mode.REWRAP) {
          throw parseFailure("[" + i + "] expected a map, got '" + GoValues.typeName(raw) + "'");
        }
        errors.add("'[" + i + "]' expected a map, got '" + GoValues.typeName(raw) + "'");
        continue;
      }
      items.add(new ItemDecoder(map, i, mode, errors).decode());
    }
    if (!errors.isEmpty()) {
      throw parseFailure(mapstructureError(errors));
    }
    return items;
  }

  private static VaultError parseFailure(String detail) {
    return VaultError.internal("failed to parse batch input: " + detail);
  }

  /** mapstructure's {@code Error.Error()}: a count, then the sorted points. */
  private static String mapstructureError(List<String> errors) {
    List<String> points = new ArrayList<>();
    errors.forEach(e -> points.add("* " + e));
    Collections.sort(points);
    return errors.size() + " error(s) decoding:\n\n" + String.join("\n", points);
  }

  /** Decodes one item map, appending decode errors. */
  private record ItemDecoder(JsonObject map, int index, Mode mode, List<String> errors) {
    Item decode() {
      String ciphertext = text("ciphertext", true);
      if (!map.containsKey("ciphertext") && mode == Mode.DECRYPT) {
        errors.add("'[" + index + "].ciphertext' missing ciphertext to decrypt");
      }
      String plaintext = mode == Mode.REWRAP ? "" : text("plaintext", false);
      if (!map.containsKey("plaintext") && mode == Mode.ENCRYPT) {
        errors.add("'[" + index + "].plaintext' missing plaintext to encrypt");
      }
      boolean rewrap = mode == Mode.REWRAP;
      return new Item(plaintext, ciphertext, text("context", true), text("nonce", true), keyVersion(),
          rewrap ? "" : text("associated_data", true),
          text(rewrap ? "decrypt_padding_scheme" : "padding_scheme", rewrap),
          rewrap ? text("encrypt_padding_scheme", true) : "",
          text("reference", true));
    }

    /** A string field; {@code nullSkips} = Vault ignores a JSON null there instead of failing. */
    private String text(String field, boolean nullSkips) {
      if (!map.containsKey(field)) {
        return "";
      }
      Object value = map.getValue(field);
      if (value instanceof String s) {
        return s;
      }
      if (value == null && (nullSkips || mode == Mode.REWRAP)) {
        return "";
      }
      if (value instanceof Number n && mode == Mode.REWRAP) {
        return GoValues.format(n);
      }
      errors.add(typeError(field, "string", value));
      return "";
    }

    private long keyVersion() {
      Object value = map.getValue("key_version");
      if (value == null) {
        return 0;
      }
      if (value instanceof Integer || value instanceof Long) {
        return ((Number) value).longValue();
      }
      if (value instanceof Number n) {
        errors.add("error decoding json.Number into [" + index + "].key_version: strconv.ParseInt: parsing \""
            + GoValues.format(n) + "\": invalid syntax");
        return 0;
      }
      errors.add(typeError("key_version", "int", value));
      return 0;
    }

    private String typeError(String field, String expected, Object value) {
      String message = "'[" + index + "]." + field + "' expected type '" + expected
          + "', got unconvertible type '" + GoValues.typeName(value) + "'";
      return mode == Mode.REWRAP ? message + ", value: '" + GoValues.format(value) + "'" : message;
    }
  }
}
