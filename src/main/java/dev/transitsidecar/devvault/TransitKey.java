package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One named Transit key (Vault's {@code keysutil.Policy}) with its versions. Versions below
 * {@code min_decryption_version} count as archived: they are hidden from {@code keys} and unusable, as in
 * Vault. Not thread-safe: {@link TransitBackend} serialises all access.
 */
final class TransitKey implements AutoCloseable {
  /** Convergent keys created today use convergent version 3 on every key version. */
  static final int CONVERGENT_VERSION = 3;

  /** What a new key is created with. */
  record Spec(
      KeyType type,
      boolean derived,
      boolean convergent,
      boolean exportable,
      boolean allowPlaintextBackup,
      Duration autoRotatePeriod) {}

  private final String name;
  private final KeyType type;
  private final boolean derived;
  private final boolean convergent;
  private final List<KeyVersion> versions = new ArrayList<>();
  private boolean exportable;
  private boolean allowPlaintextBackup;
  private boolean deletionAllowed;
  private Duration autoRotatePeriod;
  private int minDecryptionVersion = 1;
  private int minEncryptionVersion;

  private TransitKey(String name, Spec spec) {
    this.name = name;
    this.type = spec.type();
    this.derived = spec.derived();
    this.convergent = spec.convergent();
    this.exportable = spec.exportable();
    this.allowPlaintextBackup = spec.allowPlaintextBackup();
    this.autoRotatePeriod = spec.autoRotatePeriod();
  }

  /** A new key with version 1. */
  static TransitKey create(String name, Spec spec, SecureRandom random, Instant now) {
    TransitKey key = new TransitKey(name, spec);
    key.rotate(random, now);
    return key;
  }

  /** Appends version {@code latest + 1} with fresh random material. */
  void rotate(SecureRandom random, Instant now) {
    versions.add(KeyVersion.generate(type, random, now));
  }

  /** Rotates if {@code auto_rotate_period} is set and the latest version is older than it. */
  boolean rotateIfDue(SecureRandom random, Instant now) {
    if (autoRotatePeriod.isZero() || !now.isAfter(latest().createdAt().plus(autoRotatePeriod))) {
      return false;
    }
    rotate(random, now);
    return true;
  }

  String name() {
    return name;
  }

  KeyType type() {
    return type;
  }

  boolean derived() {
    return derived;
  }

  boolean convergent() {
    return convergent;
  }

  boolean exportable() {
    return exportable;
  }

  boolean allowPlaintextBackup() {
    return allowPlaintextBackup;
  }

  boolean deletionAllowed() {
    return deletionAllowed;
  }

  int latestVersion() {
    return versions.size();
  }

  int minDecryptionVersion() {
    return minDecryptionVersion;
  }

  int minEncryptionVersion() {
    return minEncryptionVersion;
  }

  Duration autoRotatePeriod() {
    return autoRotatePeriod;
  }

  private KeyVersion latest() {
    return versions.getLast();
  }

  /** A version that is not archived, else Vault's {@code safeGetKeyEntry} user error. */
  KeyVersion liveVersion(long version) {
    if (version < minDecryptionVersion || version > latestVersion()) {
      throw ItemFailure.user("no such key version");
    }
    return versions.get((int) version - 1);
  }

  /** Live version numbers, lowest first. */
  List<Integer> liveVersions() {
    List<Integer> live = new ArrayList<>();
    for (int v = minDecryptionVersion; v <= latestVersion(); v++) {
      live.add(v);
    }
    return live;
  }

  void setMinDecryptionVersion(int version) {
    minDecryptionVersion = version;
  }

  void setMinEncryptionVersion(int version) {
    minEncryptionVersion = version;
  }

  void setDeletionAllowed(boolean allowed) {
    deletionAllowed = allowed;
  }

  /** One-way switch, as in Vault. */
  void enableExport() {
    exportable = true;
  }

  /** One-way switch, as in Vault. */
  void enablePlaintextBackup() {
    allowPlaintextBackup = true;
  }

  /** Undoes one-way switches made by a config request that then failed (Vault restores them too). */
  void restoreOneWayFlags(boolean exportableBefore, boolean plaintextBackupBefore) {
    exportable = exportableBefore;
    allowPlaintextBackup = plaintextBackupBefore;
  }

  void setAutoRotatePeriod(Duration period) {
    autoRotatePeriod = period;
  }

  /** The {@code data} of {@code GET keys/:name} (docs/vault-api.md 1.2), keys in Go's sorted map order. */
  JsonObject describe() {
    JsonObject data = new JsonObject()
        .put("allow_plaintext_backup", allowPlaintextBackup)
        .put("auto_rotate_period", autoRotatePeriod.toSeconds());
    if (derived) {
      data.put("convergent_encryption", convergent);
      if (convergent) {
        data.put("convergent_encryption_version", -1);
      }
    }
    data.put("deletion_allowed", deletionAllowed)
        .put("derived", derived)
        .put("exportable", exportable)
        .put("imported_key", false);
    if (derived) {
      data.put("kdf", "hkdf_sha256");
    }
    return data.put("keys", creationTimes())
        .put("latest_version", latestVersion())
        .put("min_available_version", 0)
        .put("min_decryption_version", minDecryptionVersion)
        .put("min_encryption_version", minEncryptionVersion)
        .put("name", name)
        .put("supports_decryption", true)
        .put("supports_derivation", true)
        .put("supports_encryption", true)
        .put("supports_signing", false)
        .put("type", type.wireName());
  }

  private JsonObject creationTimes() {
    TreeMap<String, Long> times = new TreeMap<>();
    for (int v : liveVersions()) {
      times.put(Integer.toString(v), versions.get(v - 1).createdAt().getEpochSecond());
    }
    JsonObject keys = new JsonObject();
    times.forEach(keys::put);
    return keys;
  }

  /** Zeroes every version's material (on delete). */
  @Override
  public void close() {
    versions.forEach(KeyVersion::close);
  }
}
