package dev.transitsidecar.time;

import java.time.Duration;

/**
 * Runs a task once after a delay. Time-dependent code takes a {@code Scheduler} together with a
 * {@link java.time.Clock}, so that tests drive both with fakes and a day of timers passes in milliseconds.
 *
 * <p>Threading: the task runs on whatever thread the implementation chooses ({@link VertxScheduler}: an event loop;
 * a test fake: the test's thread); code that owns state hops to its own context inside the task.
 */
public interface Scheduler {
  /**
   * Runs {@code task} once, {@code delay} from now (a zero or negative delay: as soon as possible). The task is
   * never run after {@link Cancellable#cancel()} returned on the same thread that scheduled it.
   */
  Cancellable schedule(Duration delay, Runnable task);
}
