package dev.transitsidecar.memory;

import dev.transitsidecar.http.StatusContributor;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The {@code memory} section of {@code GET /sidecar/v1/status}: sizes and protections, never content. */
record MemoryStatus(LockedMemory memory) implements StatusContributor {
  @Override
  public String section() {
    return "memory";
  }

  @Override
  public JsonObject status() {
    Slab slab = memory.slab();
    return new JsonObject()
        .put("backend", memory.backend())
        .put("locked", memory.locked())
        .put("mode", memory.mode().name().toLowerCase(Locale.ROOT))
        .put("capacity", memory.capacity())
        .put("used", memory.used())
        .put("slots", memory.slots())
        .put("guardPages", slab.guarded())
        .put("dontDump", slab.dontDump())
        .put("wipeOnFork", slab.wipeOnFork())
        .put("dontFork", slab.dontFork());
  }
}
