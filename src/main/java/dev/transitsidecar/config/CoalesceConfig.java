package dev.transitsidecar.config;

import java.time.Duration;

/**
 * Coalescing of concurrent single-item requests into one batch call.
 *
 * @param window positive
 * @param maxBatch 1..1000
 */
public record CoalesceConfig(boolean enabled, Duration window, int maxBatch) {}
