package dev.transitsidecar.keystore;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Where the keystore lives for its writers ({@code rotate}, the {@code keystore} commands): a file, guarded by the
 * writer's lock ({@link FileKeystoreStore}), or a Kubernetes Secret, guarded by optimistic concurrency
 * ({@link SecretKeystoreStore}: every write carries the version it read, and a write over a newer one fails with a
 * {@link KeystoreConflictException}). The methods may block the calling thread (the file's do): call them from the
 * CLI's thread or a worker, never from an event loop. Failures are {@link KeystoreException}s with one safe line.
 */
public interface KeystoreStore {
  /** Where the keystore is, for messages: the file's path, or the Secret and its data key. */
  String where();

  /**
   * Takes the writer's exclusive hold for a series of reads and writes (the file's lock; fails at once when another
   * writer holds it). The Secret has none: a concurrent writer shows up as a conflict at the write.
   */
  Future<Hold> hold();

  /** Reads and checks the keystore; fails when there is none, or it is damaged (and then leaves it alone). */
  Future<Stored> read();

  /** Fails when a keystore is there (damaged or not), before a new one is made. */
  Future<Void> requireAbsent();

  /** Stores a new keystore; refuses when one is there already (a keystore is never replaced by a new key). */
  Future<Stored> create(Hold hold, Keystore keystore);

  /**
   * Replaces the keystore read as {@code from} with {@code next}, which must have the same {@code key_id} and whose
   * passkeys the caller has checked. {@code endsClaim}: the write is the keystore of the rotation that recorded the
   * {@link WriterClaim}, and clears it in the same write; any other write (the {@code keystore} commands) leaves a
   * claim where it is, so a rotation under way stays visible. A {@link KeystoreConflictException} when the keystore
   * changed since {@code from} was read.
   */
  Future<Stored> replace(Hold hold, Stored from, Keystore next, boolean endsClaim);

  /**
   * Records {@code claim} beside the keystore read as {@code from}, unchanged, so that other writers see that a
   * rotation has started ({@link KeystoreConflictException} when it changed since); a store with a lock needs no
   * claim and answers {@code from}.
   */
  Future<Stored> claim(Hold hold, Stored from, WriterClaim claim);

  /** The keystore as read, the version it was read at ({@code resourceVersion}; empty for a file) and its claim. */
  record Stored(Keystore keystore, String version, Optional<WriterClaim> claim) {}

  /** A writer's hold on the store; {@link #close()} lets go. */
  interface Hold extends AutoCloseable {
    Hold NONE = () -> { };

    @Override
    void close();
  }
}
