package dev.transitsidecar.auth;

import dev.transitsidecar.time.Cancellable;
import dev.transitsidecar.time.Scheduler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The watcher's context and its one next action. Every task runs on the context and is skipped once the agenda is
 * closed; replacing the next action cancels the previous one, even when its timer already fired (a generation count
 * catches that), so at most one renewal or login is ever pending. Used only on the context, except
 * {@link #onContext} and {@link #schedule}.
 */
final class Agenda {
  private final Context context;
  private final Scheduler scheduler;
  private Cancellable next = () -> { };
  private long generation;
  private volatile boolean closed;

  Agenda(Context context, Scheduler scheduler) {
    this.context = context;
    this.scheduler = scheduler;
  }

  /** Runs {@code work} on the context; the future completes on the context's thread. */
  <T> Future<T> onContext(Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  /** Runs {@code task} on the context after {@code wait}, unless closed by then. */
  Cancellable schedule(Duration wait, Runnable task) {
    return scheduler.schedule(wait, () -> context.runOnContext(v -> {
      if (!closed) {
        task.run();
      }
    }));
  }

  /** Makes {@code action} the next one, {@code wait} from now, replacing any other. */
  void next(Duration wait, Runnable action) {
    cancelNext();
    long mine = generation;
    next = schedule(wait, () -> {
      if (mine == generation) {
        action.run();
      }
    });
  }

  void cancelNext() {
    next.cancel();
    generation++;
  }

  boolean closed() {
    return closed;
  }

  void close() {
    closed = true;
    cancelNext();
  }
}
