package dev.transitsidecar.keystore;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The keystore on disk. Reads parse with every check of {@link KeystoreFormat}; a damaged file is refused and, since
 * every change starts by reading it, never overwritten. Writes are atomic: a temporary file in the same folder
 * (mode 0600), fsync, rename over the keystore, fsync of the folder; a crash leaves either the old or the new file
 * (and perhaps the temporary file of the killed writer, which the next writer removes).
 * Writers take {@link #lockForWriting()} (an exclusive lock on {@code <file>.lock} beside it), so a second
 * concurrent writer is refused instead of losing an update. Blocking: call it from the CLI's thread or a worker,
 * never from an event loop.
 */
public final class KeystoreFile {
  /**
   * The largest keystore read: a keystore with a hundred passkeys is about 40 KiB, so anything this big is not one,
   * and is refused before it is read into memory (a keystore path pointing at a huge file must not exhaust the heap).
   */
  public static final long MAX_BYTES = 1024 * 1024;
  private static final Set<StandardOpenOption> NEW_FILE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  private static final FileAttribute<?> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final Path path;

  public KeystoreFile(Path path) {
    this.path = path.toAbsolutePath();
  }

  public Path path() {
    return path;
  }

  public boolean exists() {
    return Files.exists(path);
  }

  /** Reads and checks the keystore; fails with a one-line {@link KeystoreException} naming the file. */
  public Keystore read() {
    return parse(path, bytes());
  }

  /** Parses keystore bytes that were read from {@code source} (for callers that read the file asynchronously). */
  public static Keystore parse(Path source, Buffer bytes) {
    requireSize(source, bytes.length());
    try {
      return KeystoreFormat.parse(bytes);
    } catch (KeystoreException e) {
      throw new KeystoreException(source + ": " + e.getMessage() + "; the file was left as it is");
    }
  }

  /** Refuses a file too big to be a keystore ({@link #MAX_BYTES}), before anything reads it. */
  public static void requireSize(Path source, long size) {
    if (size > MAX_BYTES) {
      throw new KeystoreException(source + ": keystore damaged: " + size + " bytes is too big for a keystore (at most "
          + MAX_BYTES + "); the file was left as it is");
    }
  }

  private Buffer bytes() {
    try {
      requireSize(path, Files.size(path));
      return Buffer.buffer(Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      throw new KeystoreException("keystore " + path + " does not exist: create it with `keystore init`");
    } catch (IOException e) {
      throw new KeystoreException("cannot read keystore " + path + ": " + e.getClass().getSimpleName());
    }
  }

  /**
   * Takes the writer's lock, or fails at once when another process (or another writer in this one) holds it.
   * Close the returned lock when the change is written.
   */
  public WriteLock lockForWriting() {
    Path lockFile = path.resolveSibling(path.getFileName() + ".lock");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new WriteLock(channel, lock);
      }
    } catch (OverlappingFileLockException e) {
      // held by another writer in this process: refused below
    } catch (IOException e) {
      throw new KeystoreException("cannot lock keystore " + path + " (" + lockFile.getFileName() + "): "
          + e.getClass().getSimpleName());
    }
    closeQuietly(channel);
    throw new KeystoreException("keystore " + path + " is being changed by another writer (" + lockFile.getFileName()
        + " is locked); try again when it has finished");
  }

  /** Creates the keystore; refuses when a file is already there (a keystore is never replaced by a new key). */
  public void create(Keystore keystore, WriteLock lock) {
    requireAbsent();
    write(keystore, lock);
  }

  /** Refuses when a file is already there, damaged or not. */
  public void requireAbsent() {
    if (Files.exists(path)) {
      throw new KeystoreException("keystore " + path + " already exists and is never replaced (its master key may "
          + "protect data); move it away yourself if that is really what you want");
    }
  }

  /** Replaces the keystore atomically; the caller read it first under the same lock. */
  public void write(Keystore keystore, WriteLock lock) {
    lock.check();
    removeStaleTemporaries();
    Path temp = path.resolveSibling("." + path.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      writeSynced(temp, KeystoreFormat.format(keystore));
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(path.getParent());
    } catch (FileAlreadyExistsException e) {
      throw new KeystoreException("cannot write keystore " + path + ": a temporary file is in the way");
    } catch (IOException e) {
      throw new KeystoreException("cannot write keystore " + path + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    } finally {
      deleteQuietly(temp);
    }
  }

  /**
   * Removes the temporary files of writers killed between writing and renaming (found by the SIGKILL tests): only a
   * writer holding the lock makes one, so under the lock every one still there belongs to a dead writer. Best effort.
   */
  private void removeStaleTemporaries() {
    Pattern ours = Pattern.compile("\\." + Pattern.quote(path.getFileName().toString())
        + "\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp");
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(path.getParent(),
        p -> ours.matcher(p.getFileName().toString()).matches())) {
      stale.forEach(KeystoreFile::deleteQuietly);
    } catch (IOException e) {
      // left for the next writer; the keystore itself is intact
    }
  }

  private static void writeSynced(Path temp, Buffer content) throws IOException {
    try (FileChannel out = FileChannel.open(temp, NEW_FILE, OWNER_ONLY)) {
      ByteBuffer bytes = ByteBuffer.wrap(content.getBytes());
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true);
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // nothing more to do: the keystore itself is intact
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // the lock was not taken; nothing to release
    }
  }

  /** The writer's lock on a keystore; {@link #close()} releases it. */
  public static final class WriteLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private WriteLock(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    void check() {
      if (!lock.isValid()) {
        throw new KeystoreException("the keystore's write lock was released before the write");
      }
    }

    @Override
    public void close() {
      try {
        lock.release();
      } catch (IOException e) {
        // closing the channel below releases it as well
      }
      closeQuietly(channel);
    }
  }
}
