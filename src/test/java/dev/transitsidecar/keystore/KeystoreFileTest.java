package dev.transitsidecar.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The section 7 file: round trip, every parse path refusing a tampered value, atomic writes, the writer lock. */
class KeystoreFileTest {
  static final Instant CREATED = Instant.parse("2026-11-29T12:00:00Z");
  static final String SALT = "AAECAwQFBgcICQoLDA0ODw==";
  static final String SEALED = java.util.Base64.getEncoder().encodeToString(new byte[60]);

  @TempDir
  Path dir;

  static Keystore sample() {
    return new Keystore("0123456789abcdef", List.of(
        new TransitPasskey("vault", "transit", "kasten", "vault:v3:AAAA", true, CREATED),
        new PassphrasePasskey("recovery", 65536, 3, 1, SALT, SEALED, false, CREATED)));
  }

  @Test
  void write_thenRead_givesTheSameKeystore_inTheDocumentedShape() throws IOException {
    KeystoreFile file = new KeystoreFile(dir.resolve("keystore.json"));
    try (KeystoreFile.WriteLock lock = file.lockForWriting()) {
      file.create(sample(), lock);
    }

    assertThat(file.read()).isEqualTo(sample());
    JsonObject json = new JsonObject(Files.readString(file.path()));
    assertThat(json.fieldNames()).containsExactly("version", "key_id", "passkeys");
    assertThat(json.getJsonArray("passkeys").getJsonObject(0).fieldNames())
        .containsExactly("name", "type", "mount", "key", "ciphertext", "in_use", "created");
    assertThat(json.getJsonArray("passkeys").getJsonObject(1).getJsonObject("kdf").encode())
        .isEqualTo("{\"alg\":\"argon2id\",\"m\":65536,\"t\":3,\"p\":1,\"salt\":\"" + SALT + "\"}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("keystore.json",
          "keystore.json.lock");
    }
  }

  @Test
  void write_temporaryFileOfAKilledWriter_isRemoved_othersAreLeft() throws IOException {
    KeystoreFile file = new KeystoreFile(dir.resolve("keystore.json"));
    Path stale = Files.writeString(dir.resolve(".keystore.json.0b4c5a52-8f0e-4c5e-9d7e-3f1a2b3c4d5e.tmp"), "{\"ver");
    Path otherKeystores = Files.writeString(dir.resolve(".other.json.0b4c5a52-8f0e-4c5e-9d7e-3f1a2b3c4d5e.tmp"), "x");
    Path unrelated = Files.writeString(dir.resolve(".keystore.json.notes.tmp"), "x");
    try (KeystoreFile.WriteLock lock = file.lockForWriting()) {
      file.create(sample(), lock);
    }

    assertThat(stale).doesNotExist();
    assertThat(otherKeystores).exists();
    assertThat(unrelated).exists();
    assertThat(file.read()).isEqualTo(sample());
  }

  @Test
  void create_existingFile_isRefusedAndLeftAsItWas() throws IOException {
    Path path = Files.writeString(dir.resolve("keystore.json"), "not even json");
    KeystoreFile file = new KeystoreFile(path);
    try (KeystoreFile.WriteLock lock = file.lockForWriting()) {
      assertThatThrownBy(() -> file.create(sample(), lock)).isInstanceOf(KeystoreException.class)
          .hasMessageContaining("already exists");
    }
    assertThat(Files.readString(path)).isEqualTo("not even json");
  }

  @Test
  void read_truncatedFile_isRefusedWithOneLine_andLeftByteForByte() throws IOException {
    byte[] full = KeystoreFormat.format(sample()).getBytes();
    for (int cut : new int[] {0, 1, full.length / 3, full.length / 2, full.length - 3}) {
      Path path = Files.write(dir.resolve("cut-" + cut + ".json"), java.util.Arrays.copyOf(full, cut));
      assertThatThrownBy(() -> new KeystoreFile(path).read()).isInstanceOf(KeystoreException.class)
          .hasMessageContaining("keystore damaged").hasMessageNotContaining("\n");
      assertThat(Files.readAllBytes(path)).isEqualTo(java.util.Arrays.copyOf(full, cut));
    }
  }

  @Test
  void read_missingFile_saysToRunInit() {
    assertThatThrownBy(() -> new KeystoreFile(dir.resolve("none.json")).read())
        .hasMessageContaining("does not exist").hasMessageContaining("keystore init");
  }

  @Test
  void lockForWriting_secondWriter_isRefusedUntilTheFirstCloses() {
    KeystoreFile file = new KeystoreFile(dir.resolve("keystore.json"));
    KeystoreFile other = new KeystoreFile(dir.resolve("keystore.json"));
    try (KeystoreFile.WriteLock first = file.lockForWriting()) {
      assertThatThrownBy(other::lockForWriting).isInstanceOf(KeystoreException.class)
          .hasMessageContaining("being changed by another writer");
    }
    other.lockForWriting().close();
  }

  static Stream<Arguments> tampered() {
    return Stream.of(
        tamper("version 2", j -> j.put("version", 2), "version must be 1"),
        tamper("version as text", j -> j.put("version", "1"), "version must be 1"),
        tamper("key_id uppercase", j -> j.put("key_id", "0123456789ABCDEF"), "key_id"),
        tamper("key_id short", j -> j.put("key_id", "0123456789abcde"), "key_id"),
        tamper("unknown top field", j -> j.put("extra", 1), "unknown field extra"),
        tamper("no passkeys", j -> j.put("passkeys", new JsonArray()), "non-empty array"),
        tamper("passkey not object", j -> j.getJsonArray("passkeys").set(1, "x"), "passkeys[1] must be an object"),
        tamper("unknown type", j -> first(j).put("type", "vault-transit2"), "type must be"),
        tamper("missing mount", j -> first(j).remove("mount"), "lacks the field mount"),
        tamper("empty key", j -> first(j).put("key", ""), "passkeys[0].key"),
        tamper("bad transit ciphertext", j -> first(j).put("ciphertext", "vault:x3:AAAA"), "not a Transit ciphertext"),
        tamper("in_use as text", j -> first(j).put("in_use", "true"), "in_use must be true or false"),
        tamper("two in use", j -> second(j).put("in_use", true), "exactly one passkey must be in use"),
        tamper("none in use", j -> first(j).put("in_use", false), "exactly one passkey must be in use"),
        tamper("duplicate names", j -> second(j).put("name", "vault"), "unique"),
        tamper("bad name", j -> first(j).put("name", "../x"), "not a valid passkey name"),
        tamper("bad created", j -> first(j).put("created", "yesterday"), "created"),
        tamper("kdf alg", j -> kdf(j).put("alg", "argon2i"), "alg must be argon2id"),
        tamper("kdf m too large", j -> kdf(j).put("m", 4_194_304), "m must be an integer"),
        tamper("kdf t zero", j -> kdf(j).put("t", 0), "t must be an integer"),
        tamper("kdf p text", j -> kdf(j).put("p", "1"), "p must be an integer"),
        tamper("salt 15 bytes", j -> kdf(j).put("salt", "AAECAwQFBgcICQoLDA0O"), "salt must be the base64 of 16"),
        tamper("salt not base64", j -> kdf(j).put("salt", "!!!!"), "salt must be the base64"),
        tamper("kdf unknown field", j -> kdf(j).put("v", 19), "unknown field v"),
        tamper("sealed 59 bytes", j -> second(j).put("ciphertext",
            java.util.Base64.getEncoder().encodeToString(new byte[59])), "ciphertext must be the base64 of 60"),
        tamper("passphrase lacks kdf", j -> second(j).remove("kdf"), "lacks the field kdf"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tampered")
  void read_tamperedField_isRefusedAndLeftAlone(String what, Consumer<JsonObject> change, String message)
      throws IOException {
    JsonObject json = new JsonObject(KeystoreFormat.format(sample()));
    change.accept(json);
    byte[] bytes = json.encodePrettily().getBytes(StandardCharsets.UTF_8);
    Path path = Files.write(dir.resolve("keystore.json"), bytes);

    assertThatThrownBy(() -> new KeystoreFile(path).read()).isInstanceOf(KeystoreException.class)
        .hasMessageContaining("keystore damaged").hasMessageContaining(message);
    assertThat(Files.readAllBytes(path)).isEqualTo(bytes);
  }

  @Test
  void read_anySingleByteFlipped_isRefusedOrReadsADifferentValidKeystore() {
    byte[] good = KeystoreFormat.format(sample()).getBytes();
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      try {
        Keystore read = KeystoreFormat.parse(io.vertx.core.buffer.Buffer.buffer(bad));
        // A flip inside a free-form value (a name, a ciphertext character) can still be valid: it must then differ.
        assertThat(read).as("flip at %d", i).isNotEqualTo(sample());
      } catch (KeystoreException expected) {
        assertThat(expected.getMessage()).startsWith("keystore damaged: ");
      }
    }
  }

  private static Arguments tamper(String what, Consumer<JsonObject> change, String message) {
    return Arguments.of(what, change, message);
  }

  private static JsonObject first(JsonObject j) {
    return j.getJsonArray("passkeys").getJsonObject(0);
  }

  private static JsonObject second(JsonObject j) {
    return j.getJsonArray("passkeys").getJsonObject(1);
  }

  private static JsonObject kdf(JsonObject j) {
    return second(j).getJsonObject("kdf");
  }
}
