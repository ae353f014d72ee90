package dev.transitsidecar.proxy;

import dev.transitsidecar.auth.VaultSession;
import dev.transitsidecar.config.CoalesceConfig;
import dev.transitsidecar.memory.Wipe;
import dev.transitsidecar.vault.VaultException;
import dev.transitsidecar.vault.VaultRequest;
import dev.transitsidecar.vault.VaultResponse;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Request coalescing ({@code proxy.coalesce}): concurrent single-item {@code encrypt} and {@code decrypt} requests
 * for the same key (and alike in having a {@code context} or not) that arrive within {@code window} are sent to
 * Vault as one {@code batch_input} request of at most {@code maxBatch} items, and {@link BatchAnswer} gives each its
 * own answer. A group opens with its first request and a timer of {@code window}; it is sent when the timer fires or
 * when it reaches {@code maxBatch}. A group of one is sent as it came. A request a batch cannot express
 * ({@link BatchItem}) is sent alone at once, as is everything when coalescing is off. A failure of the batch call
 * (no answer, no token) is every member's failure.
 *
 * <p>Not thread-safe: called only on the loopback verticle's event loop, where its timers and answers also run.
 */
final class Coalescer {
  private final Vertx vertx;
  private final CoalesceConfig config;
  private final VaultSession session;
  private final ProxyMetrics metrics;
  private final Map<GroupKey, Group> open = new HashMap<>();

  private record GroupKey(BatchItem.Op op, String uri, boolean withContext) {}

  private record Member(BatchItem item, Supplier<Future<VaultResponse>> alone, Promise<VaultResponse> answer) {}

  private static final class Group {
    private final List<Member> members = new ArrayList<>();
    private long timer = -1;
  }

  Coalescer(Vertx vertx, CoalesceConfig config, VaultSession session, ProxyMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.session = session;
    this.metrics = metrics;
  }

  /**
   * The answer Vault gives {@code body} on {@code route}: through a batch when the request may join one, else from
   * {@code alone} (which sends it as it came, and is also the fallback when a batch answer cannot be split).
   */
  Future<VaultResponse> send(ProxiedRoute route, Buffer body, Supplier<Future<VaultResponse>> alone) {
    Optional<BatchItem.Op> op = config.enabled() ? BatchItem.Op.of(route.route()) : Optional.empty();
    Optional<BatchItem> item = op.flatMap(o -> BatchItem.of(o, body));
    if (item.isEmpty()) {
      return alone.get();
    }
    GroupKey key = new GroupKey(op.get(), route.vaultUri(), item.get().withContext());
    Member member = new Member(item.get(), alone, Promise.promise());
    Group group = open.computeIfAbsent(key, k -> new Group());
    group.members.add(member);
    if (group.members.size() >= config.maxBatch()) {
      flush(key, group);
    } else if (group.timer < 0) {
      group.timer = vertx.setTimer(Math.max(1, config.window().toMillis()), id -> flush(key, group));
    }
    return member.answer().future();
  }

  private void flush(GroupKey key, Group group) {
    if (open.get(key) != group) {
      return;
    }
    open.remove(key);
    vertx.cancelTimer(group.timer);
    List<Member> members = List.copyOf(group.members);
    metrics.coalescedBatch(members.size());
    if (members.size() == 1) {
      members.getFirst().alone().get().onComplete(members.getFirst().answer());
      return;
    }
    Buffer batch = batchBody(members);
    session.send(new VaultRequest(HttpMethod.POST, key.uri(), batch, true))
        .andThen(result -> count(key.op(), result))
        .andThen(result -> Wipe.buffer(batch))
        .onComplete(result -> settle(key.op(), members, result));
  }

  /** {@code {"batch_input":[...]}}: each member's own fields, with its index as {@code reference}. */
  private static Buffer batchBody(List<Member> members) {
    int length = members.stream().mapToInt(m -> m.item().body().length() + 24).sum() + 20;
    Buffer batch = Buffer.buffer(length).appendString("{\"batch_input\":[");
    for (int i = 0; i < members.size(); i++) {
      if (i > 0) {
        batch.appendString(",");
      }
      members.get(i).item().appendAsItem(batch, i);
    }
    return batch.appendString("]}");
  }

  private void count(BatchItem.Op op, AsyncResult<VaultResponse> result) {
    if (result.succeeded()) {
      metrics.vaultCall(op.route, result.result().status());
    } else if (result.cause() instanceof VaultException e) {
      metrics.vaultCall(op.route, e.status());
    }
  }

  private static void settle(BatchItem.Op op, List<Member> members, AsyncResult<VaultResponse> result) {
    if (result.failed()) {
      members.forEach(member -> member.answer().fail(result.cause()));
      return;
    }
    VaultResponse batch = result.result();
    Optional<List<VaultResponse>> answers = BatchAnswer.split(op, batch, members.size());
    Wipe.buffer(batch.body());
    if (answers.isEmpty()) {
      members.forEach(member -> member.alone().get().onComplete(member.answer()));
      return;
    }
    for (int i = 0; i < members.size(); i++) {
      members.get(i).answer().complete(answers.get().get(i));
    }
  }
}
