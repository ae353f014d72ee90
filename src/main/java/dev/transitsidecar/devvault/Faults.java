package dev.transitsidecar.devvault;

import java.time.Duration;

/**
 * Failure injection for a running {@link DevVault}, reachable only from Java. Thread-safe. Every request first waits
 * the configured latency (on a Vert.x timer, never blocking), then the first pending fault applies, in this order:
 * drop, reset mid-body, fail. Each fault counts down per request, including {@code sys/health}.
 */
public final class Faults {
  /** What to do with the next request. */
  sealed interface Action {}

  record Pass() implements Action {}

  record Fail(int status, String message) implements Action {}

  record Drop() implements Action {}

  record Reset() implements Action {}

  private Duration latency = Duration.ZERO;
  private int failCount;
  private int failStatus;
  private String failMessage = "";
  private int dropCount;
  private int resetCount;

  Faults() {}

  /** Adds {@code delay} before every request is handled (zero to remove). */
  public synchronized Faults latency(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative");
    }
    latency = delay;
    return this;
  }

  /** Answers the next {@code n} requests with {@code status} and {@code {"errors":[message]}}. */
  public synchronized Faults failNext(int n, int status, String message) {
    if (n < 0 || status < 100 || status > 599) {
      throw new IllegalArgumentException("need n >= 0 and an HTTP status");
    }
    failCount = n;
    failStatus = status;
    failMessage = message;
    return this;
  }

  /** Closes the connection of the next {@code n} requests without any response. */
  public synchronized Faults dropNext(int n) {
    dropCount = requireCount(n);
    return this;
  }

  /** For the next {@code n} requests, sends a 200 status line and part of a body, then closes the connection. */
  public synchronized Faults resetNextMidBody(int n) {
    resetCount = requireCount(n);
    return this;
  }

  /** Removes every fault and the latency. */
  public synchronized Faults clear() {
    latency = Duration.ZERO;
    failCount = 0;
    dropCount = 0;
    resetCount = 0;
    return this;
  }

  synchronized Duration latency() {
    return latency;
  }

  synchronized Action take() {
    if (dropCount > 0) {
      dropCount--;
      return new Drop();
    }
    if (resetCount > 0) {
      resetCount--;
      return new Reset();
    }
    if (failCount > 0) {
      failCount--;
      return new Fail(failStatus, failMessage);
    }
    return new Pass();
  }

  private static int requireCount(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative");
    }
    return n;
  }
}
