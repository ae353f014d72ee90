package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Transit secrets engine of one mount, in memory (docs/vault-api.md sections 1 and 2): routing of paths
 * relative to the mount, Vault's existence check, field validation and the "unrecognized parameters" warning.
 * Thread-safe: every entry point is {@code synchronized}, so requests run one at a time.
 */
final class TransitBackend {
  /** {@code framework.GenericNameRegex}: word characters, {@code -} and {@code .} only inside. */
  private static final String NAME = "(\\w(?:[\\w.-]*\\w)?)";
  private static final Pattern KEYS = Pattern.compile("keys/?");
  private static final Pattern KEY = Pattern.compile("keys/" + NAME);
  private static final Pattern ROTATE = Pattern.compile("keys/" + NAME + "/rotate");
  private static final Pattern CONFIG = Pattern.compile("keys/" + NAME + "/config");
  private static final Pattern ENCRYPT = Pattern.compile("encrypt/" + NAME);
  private static final Pattern DECRYPT = Pattern.compile("decrypt/" + NAME);
  private static final Pattern REWRAP = Pattern.compile("rewrap/" + NAME);
  private static final Pattern DATAKEY = Pattern.compile("datakey/" + NAME + "/" + NAME);
  private static final Pattern EXPORT = Pattern.compile("export/" + NAME + "/" + NAME + "(?:/(.+))?");

  private final TransitKeys keys;
  private final KeyPaths keyPaths;
  private final KeyConfigPath configPath;
  private final EncryptPath encryptPath;
  private final DecryptPath decryptPath;
  private final RewrapPath rewrapPath;
  private final DatakeyPath datakeyPath;
  private final ExportPath exportPath;

  TransitBackend(Clock clock, SecureRandom random) {
    this.keys = new TransitKeys(clock, random);
    this.keyPaths = new KeyPaths(keys);
    this.configPath = new KeyConfigPath(keys);
    this.encryptPath = new EncryptPath(keys);
    this.decryptPath = new DecryptPath(keys);
    this.rewrapPath = new RewrapPath(keys);
    this.datakeyPath = new DatakeyPath(keys);
    this.exportPath = new ExportPath(keys);
  }

  /**
   * Vault's existence check: given the operation the HTTP method asks for and a path relative to the mount
   * (for example {@code encrypt/kasten}), the operation that the ACL must allow. An UPDATE of a path with an
   * existence check whose key does not exist becomes CREATE; everything else is returned unchanged.
   */
  synchronized Operation resolve(Operation requested, String path) {
    Matcher encrypt = ENCRYPT.matcher(path);
    if (requested == Operation.UPDATE && encrypt.matches() && !keys.exists(encrypt.group(1))) {
      return Operation.CREATE;
    }
    return requested;
  }

  /** Serves one request after the ACL check; throws {@link VaultError} for Vault's error answers. */
  synchronized Reply handle(Operation op, String path, JsonObject body) {
    JsonObject request = body == null ? new JsonObject() : body;
    Matcher m;
    if (KEYS.matcher(path).matches()) {
      return route(op, Map.of(), request, Operation.LIST, keyPaths::list);
    }
    if ((m = KEY.matcher(path)).matches()) {
      return key(op, m.group(1), request);
    }
    if ((m = ROTATE.matcher(path)).matches()) {
      String name = m.group(1);
      return route(op, KeyPaths.ROTATE_SCHEMA, request, Operation.UPDATE, () -> keyPaths.rotate(name));
    }
    if ((m = CONFIG.matcher(path)).matches()) {
      String name = m.group(1);
      return route(op, KeyConfigPath.SCHEMA, request, Operation.UPDATE, () -> configPath.handle(name, request));
    }
    return handleCrypto(op, path, request);
  }

  private Reply handleCrypto(Operation op, String path, JsonObject request) {
    Matcher m;
    if ((m = ENCRYPT.matcher(path)).matches()) {
      if (op != Operation.CREATE && op != Operation.UPDATE) {
        throw VaultError.unsupportedOperation();
      }
      String name = m.group(1);
      return withIgnoredWarning(Fields.validate(request, EncryptPath.SCHEMA), encryptPath.handle(op, name, request));
    }
    if ((m = DECRYPT.matcher(path)).matches()) {
      String name = m.group(1);
      return route(op, DecryptPath.SCHEMA, request, Operation.UPDATE, () -> decryptPath.handle(name, request));
    }
    if ((m = REWRAP.matcher(path)).matches()) {
      String name = m.group(1);
      return route(op, RewrapPath.SCHEMA, request, Operation.UPDATE, () -> rewrapPath.handle(name, request));
    }
    if ((m = DATAKEY.matcher(path)).matches()) {
      String type = m.group(1);
      String name = m.group(2);
      return route(op, DatakeyPath.SCHEMA, request, Operation.UPDATE, () -> datakeyPath.handle(type, name, request));
    }
    if ((m = EXPORT.matcher(path)).matches()) {
      String type = m.group(1);
      String name = m.group(2);
      String version = m.group(3);
      return route(op, Map.of(), request, Operation.READ, () -> exportPath.handle(type, name, version));
    }
    throw VaultError.unsupportedPath();
  }

  private Reply key(Operation op, String name, JsonObject request) {
    return switch (op) {
      case CREATE, UPDATE -> withIgnoredWarning(
          Fields.validate(request, KeyPaths.CREATE_SCHEMA), keyPaths.create(name, request));
      case READ -> keyPaths.read(name, request);
      case DELETE -> keyPaths.delete(name);
      case LIST -> throw VaultError.unsupportedOperation();
    };
  }

  /** Runs a single-operation path: other operations are 405, fields are validated first. */
  private static Reply route(Operation op, Map<String, Fields.Type> schema, JsonObject request,
      Operation allowed, java.util.function.Supplier<Reply> handler) {
    if (op != allowed) {
      throw VaultError.unsupportedOperation();
    }
    List<String> ignored = Fields.validate(request, schema);
    return withIgnoredWarning(ignored, handler.get());
  }

  /**
   * Vault's framework warns about body fields the path does not know, on ordinary replies (a batch failure
   * reply is serialised before the framework could add it).
   */
  private static Reply withIgnoredWarning(List<String> ignored, Reply reply) {
    if (ignored.isEmpty() || reply.status() != 200) {
      return reply;
    }
    return reply.withWarning("Endpoint ignored these unrecognized parameters: [" + String.join(" ", ignored) + "]");
  }

  /** Creates an aes256-gcm96 key (no-op when it exists); for the dev command and tests. */
  synchronized void createKey(String name) {
    keys.createIfAbsent(name, new TransitKey.Spec(KeyType.AES256_GCM96, false, false, false, false, Duration.ZERO));
  }
}
