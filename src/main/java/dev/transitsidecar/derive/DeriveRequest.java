package dev.transitsidecar.derive;

import dev.transitsidecar.http.SidecarException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A checked {@code POST /sidecar/v1/derive} body (docs/design.md, "Derived keys"): one item, or {@code batch_input}.
 * Every problem is a 400 whose message names the field (and the batch index) but never repeats a value.
 *
 * @param batch whether the request used {@code batch_input} (the answer then has {@code batch_results})
 */
record DeriveRequest(boolean batch, List<Item> items) {
  static final int MIN_LENGTH = 16;
  static final int MAX_LENGTH = 64;
  static final int DEFAULT_LENGTH = 32;
  static final int MAX_CONTEXT_BYTES = 1024;
  static final int MAX_BATCH = 256;

  /** One key to derive: the decoded context, the output length and the client's reference (batch only). */
  record Item(byte[] context, int length, Optional<String> reference) {}

  static DeriveRequest parse(Buffer body) {
    JsonObject json = object(body);
    if (!json.containsKey("batch_input")) {
      return new DeriveRequest(false, List.of(item(json, "")));
    }
    if (!(json.getValue("batch_input") instanceof JsonArray array) || array.isEmpty()) {
      throw SidecarException.badRequest("batch_input must be a non-empty array");
    }
    if (array.size() > MAX_BATCH) {
      throw SidecarException.badRequest("batch_input holds at most " + MAX_BATCH + " items");
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String where = "batch_input[" + i + "]: ";
      if (!(array.getValue(i) instanceof JsonObject entry)) {
        throw SidecarException.badRequest(where + "must be an object");
      }
      items.add(item(entry, where));
    }
    return new DeriveRequest(true, items);
  }

  private static Item item(JsonObject json, String where) {
    return new Item(context(json.getValue("context"), where), length(json.getValue("length"), where),
        reference(json.getValue("reference"), where));
  }

  private static byte[] context(Object value, String where) {
    if (value == null || "".equals(value)) {
      throw SidecarException.badRequest(where + "missing context");
    }
    byte[] context;
    try {
      context = value instanceof String text ? Base64.getDecoder().decode(text) : null;
    } catch (IllegalArgumentException e) {
      context = null;
    }
    if (context == null || context.length == 0 || context.length > MAX_CONTEXT_BYTES) {
      throw SidecarException.badRequest(where + "context must be the standard base64 of 1 to " + MAX_CONTEXT_BYTES
          + " bytes");
    }
    return context;
  }

  private static int length(Object value, String where) {
    if (value == null) {
      return DEFAULT_LENGTH;
    }
    if (!(value instanceof Integer length) || length < MIN_LENGTH || length > MAX_LENGTH) {
      throw SidecarException.badRequest(where + "length must be an integer from " + MIN_LENGTH + " to " + MAX_LENGTH);
    }
    return length;
  }

  private static Optional<String> reference(Object value, String where) {
    if (value != null && !(value instanceof String)) {
      throw SidecarException.badRequest(where + "reference must be a string");
    }
    return Optional.ofNullable((String) value);
  }

  private static JsonObject object(Buffer body) {
    if (body == null || body.length() == 0) {
      throw SidecarException.badRequest("missing context");
    }
    try {
      if (Json.decodeValue(body) instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException e) {
      // answered below, without repeating the body
    }
    throw SidecarException.badRequest("failed to parse JSON input");
  }
}
