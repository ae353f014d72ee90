/**
 * Timers behind an interface: {@link dev.transitsidecar.time.Scheduler} with its Vert.x implementation. Code that
 * waits (token renewal, cache expiry, scheduled rotation) takes a {@code Scheduler} and a {@code java.time.Clock},
 * never {@code vertx.setTimer} or {@code System.currentTimeMillis()} directly.
 */
package dev.transitsidecar.time;
