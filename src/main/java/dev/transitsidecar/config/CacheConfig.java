package dev.transitsidecar.config;

import java.time.Duration;

/**
 * The decrypt cache (docs/secrets-and-cache.md).
 *
 * @param ttl positive
 * @param staleIfError zero or more; how long past {@code ttl} an entry may serve while Vault fails
 * @param maxEntries 1..4096
 * @param maxPlaintextBytes 1..4096; larger plaintexts are never cached
 * @param policyCheckInterval positive
 * @param lockMemory whether the secret memory must, should or need not be locked
 * @param memoryBackend where the secret memory comes from: memfd_secret, mmap, or the first of them that works
 */
public record CacheConfig(
    Duration ttl,
    Duration staleIfError,
    int maxEntries,
    int maxPlaintextBytes,
    Duration policyCheckInterval,
    LockMemory lockMemory,
    MemoryBackend memoryBackend) {}
