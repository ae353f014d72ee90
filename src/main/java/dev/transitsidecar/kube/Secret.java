package dev.transitsidecar.kube;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Secret as read from the API server (or about to be created): its name, {@code resourceVersion} and data. The
 * rest of the object (labels, annotations, type, owner references) is kept as read, so an update changes only the
 * data. Immutable; {@link #withData} makes a changed copy with the same {@code resourceVersion}, which
 * {@link KubeClient#replaceSecret} sends as the optimistic-concurrency precondition. {@link #toString()} names the
 * keys, never the values.
 */
public final class Secret {
  private final JsonObject object;

  private Secret(JsonObject object) {
    this.object = object;
  }

  /** A new Secret of type Opaque with no data, for {@link KubeClient#createSecret}. */
  public static Secret create(String namespace, String name) {
    if (!ObjectNames.valid(namespace) || !ObjectNames.valid(name)) {
      throw new IllegalArgumentException("not a valid namespace and Secret name: " + namespace + "/" + name);
    }
    return new Secret(new JsonObject()
        .put("apiVersion", "v1")
        .put("kind", "Secret")
        .put("metadata", new JsonObject().put("name", name).put("namespace", namespace))
        .put("type", "Opaque")
        .put("data", new JsonObject()));
  }

  static Secret fromJson(JsonObject object) {
    JsonObject metadata = object.getJsonObject("metadata");
    if (!"Secret".equals(object.getString("kind")) || metadata == null || metadata.getString("name") == null) {
      throw new IllegalArgumentException("the API server's answer is not a Secret");
    }
    return new Secret(object.copy());
  }

  public String namespace() {
    return object.getJsonObject("metadata").getString("namespace", "");
  }

  public String name() {
    return object.getJsonObject("metadata").getString("name");
  }

  /** The version the API server gave this Secret when it was read; empty for one not yet created. */
  public Optional<String> resourceVersion() {
    return Optional.ofNullable(object.getJsonObject("metadata").getString("resourceVersion"));
  }

  /** The value under {@code key}, decoded; empty when the Secret has no such key. */
  public Optional<byte[]> data(String key) {
    JsonObject data = object.getJsonObject("data");
    String encoded = data == null ? null : data.getString(key);
    return Optional.ofNullable(encoded).map(Base64.getDecoder()::decode);
  }

  public Set<String> keys() {
    JsonObject data = object.getJsonObject("data");
    return data == null ? Set.of() : new TreeSet<>(data.fieldNames());
  }

  /** A copy with {@code key} set to {@code value}, the rest and the {@code resourceVersion} unchanged. */
  public Secret withData(String key, byte[] value) {
    JsonObject copy = object.copy();
    JsonObject data = copy.getJsonObject("data");
    if (data == null) {
      data = new JsonObject();
      copy.put("data", data);
    }
    data.put(key, Base64.getEncoder().encodeToString(value));
    return new Secret(copy);
  }

  /** The annotation's value; empty when the Secret has none of that name. */
  public Optional<String> annotation(String name) {
    JsonObject annotations = object.getJsonObject("metadata").getJsonObject("annotations");
    return Optional.ofNullable(annotations == null ? null : annotations.getString(name));
  }

  /** A copy with the annotation set ({@code value} present) or removed (empty), the rest unchanged. */
  public Secret withAnnotation(String name, Optional<String> value) {
    JsonObject copy = object.copy();
    JsonObject metadata = copy.getJsonObject("metadata");
    JsonObject annotations = metadata.getJsonObject("annotations");
    if (annotations == null) {
      annotations = new JsonObject();
      metadata.put("annotations", annotations);
    }
    if (value.isPresent()) {
      annotations.put(name, value.get());
    } else {
      annotations.remove(name);
    }
    return new Secret(copy);
  }

  JsonObject toJson() {
    return object.copy();
  }

  @Override
  public String toString() {
    return "Secret " + namespace() + "/" + name() + " (resourceVersion " + resourceVersion().orElse("none")
        + ", keys " + keys() + ")";
  }
}
