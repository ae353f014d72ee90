package dev.transitsidecar.time;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The production {@link Scheduler}: a Vert.x timer whose task runs on the context it was created with, so it never
 * blocks and never races the code that owns that context.
 */
public final class VertxScheduler implements Scheduler {
  private final Context context;

  private VertxScheduler(Context context) {
    this.context = context;
  }

  /** Tasks run on {@code context}. */
  public static VertxScheduler on(Context context) {
    return new VertxScheduler(context);
  }

  /** Tasks run on the caller's context, or a new event-loop context when the caller has none. */
  public static VertxScheduler of(Vertx vertx) {
    return new VertxScheduler(vertx.getOrCreateContext());
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    long millis = Math.max(1, delay.toMillis());
    Vertx vertx = context.owner();
    AtomicBoolean cancelled = new AtomicBoolean();
    long id = vertx.setTimer(millis, timer -> context.runOnContext(v -> runUnlessCancelled(cancelled, task)));
    return () -> {
      cancelled.set(true);
      vertx.cancelTimer(id);
    };
  }

  private static void runUnlessCancelled(AtomicBoolean cancelled, Runnable task) {
    if (!cancelled.get()) {
      task.run();
    }
  }
}
