package dev.transitsidecar.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.testing.FakeClock;
import dev.transitsidecar.testing.FakeScheduler;
import dev.transitsidecar.testing.Http;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  @Test
  void fakeScheduler_advance_runsDueTasksInOrderAtTheirTime() {
    FakeClock clock = new FakeClock();
    FakeScheduler scheduler = new FakeScheduler(clock);
    Instant start = clock.instant();
    List<String> ran = new ArrayList<>();
    scheduler.schedule(Duration.ofSeconds(30), () -> ran.add("b@" + Duration.between(start, clock.instant())));
    scheduler.schedule(Duration.ofSeconds(10), () -> {
      ran.add("a@" + Duration.between(start, clock.instant()));
      scheduler.schedule(Duration.ofSeconds(5), () -> ran.add("chained@" + Duration.between(start, clock.instant())));
    });
    scheduler.schedule(Duration.ofSeconds(90), () -> ran.add("late"));

    scheduler.advance(Duration.ofMinutes(1));

    assertThat(ran).containsExactly("a@PT10S", "chained@PT15S", "b@PT30S");
    assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofMinutes(1)));
    assertThat(scheduler.nextDelay()).contains(Duration.ofSeconds(30));
  }

  @Test
  void fakeScheduler_cancelled_neverRuns() {
    FakeClock clock = new FakeClock();
    FakeScheduler scheduler = new FakeScheduler(clock);
    AtomicBoolean ran = new AtomicBoolean();
    scheduler.schedule(Duration.ofSeconds(1), () -> ran.set(true)).cancel();

    assertThat(scheduler.runNext()).isEmpty();
    assertThat(ran).isFalse();
  }

  @Test
  void vertxScheduler_runsOnItsContext_andCancelStopsIt() {
    Vertx vertx = Vertx.vertx();
    try {
      Context context = vertx.getOrCreateContext();
      Scheduler scheduler = VertxScheduler.on(context);
      List<Context> seen = new CopyOnWriteArrayList<>();
      AtomicBoolean cancelledRan = new AtomicBoolean();
      scheduler.schedule(Duration.ofMillis(50), () -> cancelledRan.set(true)).cancel();
      scheduler.schedule(Duration.ofMillis(10), () -> seen.add(Vertx.currentContext()));

      Http.eventually(Duration.ofSeconds(5), () -> seen.size() == 1);
      Http.eventually(Duration.ofSeconds(1), () -> true);

      assertThat(seen.getFirst()).isSameAs(context);
      vertx.timer(100).await();
      assertThat(cancelledRan).isFalse();
    } finally {
      vertx.close().await();
    }
  }
}
