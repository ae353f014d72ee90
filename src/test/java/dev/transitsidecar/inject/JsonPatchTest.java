package dev.transitsidecar.inject;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPatchTest {
  @Test
  void pointer_segmentsWithSlashAndTilde_escapedPerRfc6901() {
    assertThat(JsonPatch.pointer("metadata", "annotations", "transit-sidecar.dev/status"))
        .isEqualTo("/metadata/annotations/transit-sidecar.dev~1status");
    assertThat(JsonPatch.pointer("a~/b", 0)).isEqualTo("/a~0~1b/0");
  }

  @Test
  void append_missingOrEmptyArray_addsTheWholeArrayOnce() {
    JsonObject missing = new JsonObject();
    JsonObject empty = new JsonObject().put("volumes", new JsonArray());

    JsonArray fromMissing = new JsonPatch().append(missing, "/spec", "volumes", List.of("a", "b")).toJson();
    JsonArray fromEmpty = new JsonPatch().append(empty, "/spec", "volumes", List.of("a")).toJson();

    assertThat(fromMissing).containsExactly(new JsonObject().put("op", "add").put("path", "/spec/volumes")
        .put("value", new JsonArray().add("a").add("b")));
    assertThat(fromEmpty.getJsonObject(0).getString("path")).isEqualTo("/spec/volumes");
  }

  @Test
  void append_existingArray_appendsEachItemWithDash() {
    JsonObject spec = new JsonObject().put("volumes", new JsonArray().add("x"));

    JsonArray patch = new JsonPatch().append(spec, "/spec", "volumes", List.of("a", "b")).toJson();

    assertThat(patch).extracting(op -> ((JsonObject) op).getString("path"))
        .containsExactly("/spec/volumes/-", "/spec/volumes/-");
  }

  @Test
  void put_missingMap_addsTheMapWithTheEntry() {
    JsonArray patch = new JsonPatch().put(new JsonObject(), "/metadata", "annotations", "a/b", "v").toJson();

    assertThat(patch.getJsonObject(0).getString("path")).isEqualTo("/metadata/annotations");
    assertThat(patch.getJsonObject(0).getJsonObject("value")).isEqualTo(new JsonObject().put("a/b", "v"));
  }

  @Test
  void prepend_existingArray_insertsAtIndexZero() {
    JsonObject spec = new JsonObject().put("initContainers", new JsonArray().add("x"));

    JsonArray patch = new JsonPatch().prepend(spec, "/spec", "initContainers", "s").toJson();

    assertThat(patch.getJsonObject(0).getString("path")).isEqualTo("/spec/initContainers/0");
  }
}
