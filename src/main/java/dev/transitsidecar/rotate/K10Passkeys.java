package dev.transitsidecar.rotate;

import dev.transitsidecar.config.RotationConfig;
import dev.transitsidecar.time.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * K10 mode of a rotation (docs/k10.md, "Rotating the key behind a K10 Vault passkey"): after the key is rotated and
 * the keystore written, a new HashiCorp Vault passkey on the same mount and key ({@code usenow: true}, named
 * {@code <prefix><key>-v<latest version>}) makes K10 wrap its primary key again with Transit {@code encrypt}, at the
 * new version; once K10 reports it in use ({@code status.inuse: true}), the older Vault passkeys on that key are
 * deleted, and only then may the interlock raise {@code min_decryption_version}.
 *
 * <p>What K10 answers is checked against what is documented and nothing else: {@code status.inuse} is
 * {@code true} or {@code false} (or not there yet, while K10 has not looked at the new passkey). Any other value,
 * another Vault passkey on the key also in use, K10 not reporting it in use within the wait, or a delete refused
 * stops the rotation before anything is deleted or raised. A passphrase passkey (or any passkey that is not a Vault
 * passkey on this mount and key) is never touched, nor is the new one, so a valid passkey always remains.
 * Idempotent: a run that finds the passkey for the latest version already there waits for it and goes on.
 */
final class K10Passkeys {
  static final Duration POLL = Duration.ofSeconds(2);

  private final PasskeyApi api;
  private final RotationConfig.K10 config;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Duration poll;
  private final Consumer<String> say;

  K10Passkeys(PasskeyApi api, RotationConfig.K10 config, Clock clock, Scheduler scheduler, Duration poll,
      Consumer<String> say) {
    this.api = api;
    this.config = config;
    this.clock = clock;
    this.scheduler = scheduler;
    this.poll = poll;
    this.say = say;
  }

  /** The passkey name for {@code version} of {@code key}: the prefix, the key as a DNS name, {@code -v<version>}. */
  String nameFor(String key, int version) {
    String dns = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("^[-.]+|[-.]+$", "");
    return config.passkeyPrefix() + (dns.isEmpty() ? "key" : dns) + "-v" + version;
  }

  /** Creates (unless there) the passkey for the latest version, waits for it to be in use, deletes the older ones. */
  Future<Void> run(KeyAdmin admin, int latest, boolean dryRun) {
    String name = nameFor(admin.key(), latest);
    return api.list()
        .recover(e -> Future.failedFuture(refused("cannot list K10's passkeys", e)))
        .compose(all -> {
          List<JsonObject> ours = all.stream().filter(p -> onKey(p, admin)).toList();
          List<String> older = ours.stream().map(K10Passkeys::nameOf).filter(n -> !n.equals(name)).toList();
          boolean exists = ours.stream().anyMatch(p -> nameOf(p).equals(name));
          if (dryRun) {
            say.accept((exists ? "K10 passkey " + name + " exists; would wait" : "would create K10 passkey " + name
                + " (vault " + admin.name() + ", usenow) and wait") + " up to " + config.waitTimeout()
                + " for it to be in use, then delete the older Vault passkeys on " + admin.name() + ": "
                + (older.isEmpty() ? "none" : older));
            return Future.succeededFuture();
          }
          Future<Void> created = exists
              ? Future.succeededFuture()
              : api.create(passkey(name, admin))
                  .recover(e -> Future.failedFuture(refused("K10's passkey " + name + " could not be created", e)))
                  .onSuccess(p -> say.accept("created K10 passkey " + name + " on " + admin.name()
                      + " (usenow: true)"))
                  .mapEmpty();
          if (exists) {
            say.accept("K10 passkey " + name + " for v" + latest + " exists already");
          }
          return created
              .compose(v -> waitInUse(name, clock.instant().plus(config.waitTimeout())))
              .compose(v -> deleteOlder(older, admin));
        });
  }

  private static JsonObject passkey(String name, KeyAdmin admin) {
    return new JsonObject()
        .put("apiVersion", PasskeyApi.GROUP + "/" + PasskeyApi.VERSION)
        .put("kind", "Passkey")
        .put("metadata", new JsonObject().put("name", name))
        .put("spec", new JsonObject()
            .put("vaulttransitkeyname", admin.key())
            .put("vaulttransitpath", admin.mount())
            .put("usenow", true));
  }

  /** A Vault passkey on this mount and key; a passphrase (or any other) passkey never is. */
  static boolean onKey(JsonObject passkey, KeyAdmin admin) {
    JsonObject spec = passkey.getJsonObject("spec", new JsonObject());
    if (spec.containsKey("secret") || !(spec.getValue("vaulttransitkeyname") instanceof String keyName)
        || !(spec.getValue("vaulttransitpath") instanceof String path)) {
      return false;
    }
    return keyName.equals(admin.key()) && trimSlashes(path).equals(trimSlashes(admin.mount()));
  }

  private static String trimSlashes(String path) {
    return path.replaceAll("^/+|/+$", "");
  }

  private static String nameOf(JsonObject passkey) {
    return passkey.getJsonObject("metadata", new JsonObject()).getString("name", "");
  }

  private Future<Void> waitInUse(String name, Instant deadline) {
    Promise<Void> done = Promise.promise();
    check(name, deadline, done);
    return done.future().onSuccess(v -> say.accept("K10 reports passkey " + name + " in use"));
  }

  private void check(String name, Instant deadline, Promise<Void> done) {
    api.get(name)
        .recover(e -> Future.failedFuture(refused("cannot read K10's passkey " + name, e)))
        .map(found -> found.orElseThrow(() -> new RotationException("K10's passkey " + name + " is gone; not "
            + "deleting older passkeys, not raising min_decryption_version")))
        .map(passkey -> inUse(name, passkey))
        .onFailure(done::fail)
        .onSuccess(inUse -> {
          if (inUse) {
            done.complete();
          } else if (clock.instant().isBefore(deadline)) {
            scheduler.schedule(poll, () -> check(name, deadline, done));
          } else {
            done.fail(new RotationException("K10 did not report passkey " + name + " in use (status.inuse: true) "
                + "within " + config.waitTimeout() + "; older passkeys were not deleted and min_decryption_version "
                + "was not raised; run the rotation again once K10 has (Settings > Passkey Management)"));
          }
        });
  }

  /** {@code status.inuse}: true, false or absent (K10 has not looked yet); anything else is not documented. */
  private static boolean inUse(String name, JsonObject passkey) {
    Object status = passkey.getValue("status");
    if (status == null) {
      return false;
    }
    if (!(status instanceof JsonObject fields)) {
      throw undocumented(name, "status " + describe(status));
    }
    Object value = fields.getValue("inuse");
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    throw undocumented(name, "status.inuse " + describe(value));
  }

  private Future<Void> deleteOlder(List<String> older, KeyAdmin admin) {
    if (older.isEmpty()) {
      say.accept("no older K10 Vault passkey on " + admin.name() + " to delete");
      return Future.succeededFuture();
    }
    Future<Void> all = Future.succeededFuture();
    for (String name : older) {
      all = all.compose(v -> api.get(name)
          .compose(found -> {
            if (found.isPresent() && inUse(name, found.get())) {
              return Future.failedFuture(undocumented(name, "status.inuse true while the new passkey is in use too "
                  + "(K10 documents one passkey in use at a time)"));
            }
            return found.isEmpty() ? Future.<Void>succeededFuture() : api.delete(name)
                .recover(e -> Future.failedFuture(refused("K10 refused to delete passkey " + name
                    + "; min_decryption_version was not raised", e)))
                .onSuccess(d -> say.accept("deleted older K10 passkey " + name));
          }));
    }
    return all;
  }

  private static RotationException undocumented(String name, String what) {
    return new RotationException("K10 answered " + what + " for passkey " + name + ", which is not what its "
        + "documentation describes (status.inuse true or false): not deleting passkeys, not raising "
        + "min_decryption_version; check the passkey in K10 and rotate again, or raise it by hand (docs/k10.md)");
  }

  private static RotationException refused(String what, Throwable e) {
    return e instanceof RotationException r ? r : new RotationException(what + ": " + (e.getMessage() == null
        ? e.getClass().getSimpleName() : e.getMessage()));
  }

  private static String describe(Object value) {
    String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }
}
