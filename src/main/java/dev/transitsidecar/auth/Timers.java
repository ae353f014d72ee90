package dev.transitsidecar.auth;

import dev.transitsidecar.time.Scheduler;
import java.time.Clock;
import java.util.random.RandomGenerator;

/** Time as the lifetime watcher sees it: a clock, a scheduler and the source of renewal jitter. */
record Timers(Clock clock, Scheduler scheduler, RandomGenerator random) {}
