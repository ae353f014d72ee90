package dev.transitsidecar.testing;

import dev.transitsidecar.time.Cancellable;
import dev.transitsidecar.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Scheduler} driven by a {@link FakeClock}: nothing runs until the test advances time, and then every task
 * that has come due runs on the test's thread, in due order (ties in the order they were scheduled), with the clock
 * set to each task's due time. Thread-safe: the code under test may schedule from any thread.
 */
public final class FakeScheduler implements Scheduler {
  private record Entry(Instant due, long seq, Runnable task) {}

  private final FakeClock clock;
  private final List<Entry> pending = new ArrayList<>();
  private long seq;

  public FakeScheduler(FakeClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Entry entry = new Entry(clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task);
    pending.add(entry);
    return () -> cancel(entry);
  }

  private synchronized void cancel(Entry entry) {
    pending.remove(entry);
  }

  /** Moves the clock forward by {@code duration}, running each task that comes due on the way. */
  public void advance(Duration duration) {
    Instant end = clock.instant().plus(duration);
    for (Optional<Entry> next = takeDueBy(end); next.isPresent(); next = takeDueBy(end)) {
      run(next.get());
    }
    clock.advance(Duration.between(clock.instant(), end));
  }

  /**
   * Moves the clock to the earliest pending task and runs it (and any other task already pending for the same
   * instant). A task that those schedule meanwhile, even for that instant, waits for the next call: the tasks run
   * here often finish on another thread, and whether a follow-up ran in this call must not depend on how fast they
   * did (a login started this way once raced the token's expiry in a test).
   *
   * @return how far the clock moved; empty when nothing was pending
   */
  public Optional<Duration> runNext() {
    Optional<Instant> due = nextDue();
    if (due.isEmpty()) {
      return Optional.empty();
    }
    long pendingBefore;
    synchronized (this) {
      pendingBefore = seq;
    }
    Instant before = clock.instant();
    Duration step = due.get().isAfter(before) ? Duration.between(before, due.get()) : Duration.ZERO;
    for (Optional<Entry> next = takeDueBy(due.get(), pendingBefore); next.isPresent();
        next = takeDueBy(due.get(), pendingBefore)) {
      run(next.get());
    }
    if (due.get().isAfter(clock.instant())) {
      clock.advance(Duration.between(clock.instant(), due.get()));
    }
    return Optional.of(step);
  }

  /** When the earliest pending task is due. */
  public synchronized Optional<Instant> nextDue() {
    return pending.stream().map(Entry::due).min(Comparator.naturalOrder());
  }

  /** The delay from now until the earliest pending task. */
  public Optional<Duration> nextDelay() {
    return nextDue().map(due -> Duration.between(clock.instant(), due));
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  private Optional<Entry> takeDueBy(Instant end) {
    return takeDueBy(end, Long.MAX_VALUE);
  }

  /** The earliest task due by {@code end} among those scheduled before sequence number {@code before}. */
  private synchronized Optional<Entry> takeDueBy(Instant end, long before) {
    Optional<Entry> next = pending.stream()
        .filter(e -> !e.due().isAfter(end) && e.seq() < before)
        .min(Comparator.comparing(Entry::due).thenComparingLong(Entry::seq));
    next.ifPresent(pending::remove);
    return next;
  }

  private void run(Entry entry) {
    if (entry.due().isAfter(clock.instant())) {
      clock.advance(Duration.between(clock.instant(), entry.due()));
    }
    entry.task().run();
  }
}
