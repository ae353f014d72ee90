package dev.transitsidecar.time;

/** A scheduled task that can still be called off. */
@FunctionalInterface
public interface Cancellable {
  /** Calls the task off if it has not run yet; harmless when it has run or was cancelled before. */
  void cancel();
}
