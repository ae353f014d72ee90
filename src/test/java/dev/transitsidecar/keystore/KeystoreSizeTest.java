package dev.transitsidecar.keystore;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keystore path that points at a huge file (a damaged volume, a wrong path) is refused with the one-line keystore
 * error before it is read, instead of reading gigabytes into the heap (found by the keystore fuzzing).
 */
class KeystoreSizeTest {
  @TempDir
  Path dir;

  @Test
  void read_sparseFileOfThreeGigabytes_isRefusedWithoutReadingIt() throws IOException {
    Path huge = dir.resolve("keystore.json");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(3L * 1024 * 1024 * 1024);
    }

    assertThatThrownBy(() -> new KeystoreFile(huge).read())
        .isInstanceOf(KeystoreException.class)
        .hasMessageContaining("too big for a keystore");
  }

  @Test
  void parse_bytesOverTheLimit_areRefused() {
    Buffer bytes = Buffer.buffer(new byte[(int) KeystoreFile.MAX_BYTES + 1]);

    assertThatThrownBy(() -> KeystoreFile.parse(Path.of("keystore.json"), bytes))
        .isInstanceOf(KeystoreException.class)
        .hasMessageContaining("too big for a keystore");
  }
}
