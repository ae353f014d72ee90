package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in Transit-like backend for routing tests: records what reached it and answers by path. Paths under
 * {@code new/} pretend not to exist, so UPDATE resolves to CREATE (Vault's existence check).
 */
final class FakeBackend implements Backend {
  final List<Call> calls = new ArrayList<>();

  @Override
  public String type() {
    return "transit";
  }

  @Override
  public Operation resolve(Operation requested, String path) {
    return requested == Operation.UPDATE && path.startsWith("new/") ? Operation.CREATE : requested;
  }

  @Override
  public synchronized Reply handle(Call call) {
    calls.add(call);
    return switch (call.path()) {
      case "empty" -> Reply.noContent();
      case "boom" -> throw new IllegalStateException("bug with a secret-looking detail");
      case "batch" -> new Reply(400, new JsonObject().put("batch_results", List.of()), List.of(), null);
      case "warn" -> Reply.ok(new JsonObject().put("x", 1)).withWarning("careful");
      default -> Reply.ok(new JsonObject().put("op", call.op().name()).put("path", call.path()));
    };
  }

  synchronized Call last() {
    return calls.getLast();
  }
}
