package dev.transitsidecar.memory;

/** No free slot in the locked memory is large enough. Carries sizes only, and no stack trace. */
public final class SlabFullException extends RuntimeException {
  SlabFullException(int requested, int used, int capacity) {
    super("the locked memory is full: " + requested + " bytes requested, " + used + " of " + capacity
        + " bytes in use", null, false, false);
  }
}
