package dev.transitsidecar.keystore;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.concurrent.Callable;

/** The keystore in a file ({@link KeystoreFile}): the writer's lock as the hold, atomic replacement as the write. */
public final class FileKeystoreStore implements KeystoreStore {
  private final KeystoreFile file;

  public FileKeystoreStore(KeystoreFile file) {
    this.file = file;
  }

  @Override
  public String where() {
    return file.path().toString();
  }

  @Override
  public Future<Hold> hold() {
    return attempt(() -> {
      KeystoreFile.WriteLock lock = file.lockForWriting();
      return new FileHold(lock);
    });
  }

  @Override
  public Future<Stored> read() {
    return attempt(() -> new Stored(file.read(), "", Optional.empty()));
  }

  @Override
  public Future<Void> requireAbsent() {
    return attempt(() -> {
      file.requireAbsent();
      return null;
    });
  }

  @Override
  public Future<Stored> create(Hold hold, Keystore keystore) {
    return attempt(() -> {
      file.create(keystore, lock(hold));
      return new Stored(keystore, "", Optional.empty());
    });
  }

  @Override
  public Future<Stored> replace(Hold hold, Stored from, Keystore next, boolean endsClaim) {
    return attempt(() -> {
      requireSameKey(from.keystore(), next, where());
      file.write(next, lock(hold));
      return new Stored(next, "", Optional.empty());
    });
  }

  @Override
  public Future<Stored> claim(Hold hold, Stored from, WriterClaim claim) {
    return Future.succeededFuture(from);
  }

  /** Refuses a write that would change the master key's identity: that data may be protected by it. */
  static void requireSameKey(Keystore from, Keystore next, String where) {
    if (!from.keyId().equals(next.keyId())) {
      throw new KeystoreException(where + ": refused to replace the keystore of key_id " + from.keyId()
          + " with one of key_id " + next.keyId());
    }
  }

  private static KeystoreFile.WriteLock lock(Hold hold) {
    if (!(hold instanceof FileHold fileHold)) {
      throw new KeystoreException("a keystore file is written only under its writer's lock");
    }
    return fileHold.lock;
  }

  private static <T> Future<T> attempt(Callable<T> work) {
    try {
      return Future.succeededFuture(work.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  /** The file's writer lock as a hold. */
  private record FileHold(KeystoreFile.WriteLock lock) implements Hold {
    @Override
    public void close() {
      lock.close();
    }
  }
}
