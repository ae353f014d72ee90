package dev.transitsidecar.cli;

import dev.transitsidecar.config.SidecarConfig;
import dev.transitsidecar.keystore.KeystoreStore;
import dev.transitsidecar.kube.KubeClient;
import dev.transitsidecar.keystore.TransitWrapping;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.proxy.ClientTokenFile;
import dev.transitsidecar.rotate.Claims;
import dev.transitsidecar.rotate.Rotation;
import dev.transitsidecar.rotate.RotationOptions;
import dev.transitsidecar.rotate.RotationResult;
import dev.transitsidecar.rotate.SeenVersions;
import dev.transitsidecar.rotate.SidecarStatus;
import dev.transitsidecar.vault.VaultToken;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rotate}: one rotation of the Transit key {@code keystore.transitKey} on {@code transit.mount} and of the
 * keystore (docs/rotation.md), then exit: 0 done or held back by the interlock (not a failure: the key was rotated
 * and the keystore rewritten; the next run raises {@code min_decryption_version} further), 1 failed, 2 bad usage
 * or configuration. The last line says which: {@code done: ...}, {@code held back: ...} or the error.
 */
@Command(name = "rotate", description = "Rotate the Transit key, rewrap the keystore, then raise min_decryption_version "
    + "as far as the ciphertexts still in use allow.")
final class RotateCommand implements Callable<Integer> {
  private final Cli cli;

  @Mixin
  ConfigOption config;

  @Option(names = "--dry-run", description = "print each step it would take and change nothing")
  boolean dryRun;

  @Option(names = "--force", description = "raise min_decryption_version even above a version still in use")
  boolean force;

  @Option(names = "--min-decryption-version", paramLabel = "N|auto",
      description = "raise min_decryption_version to N, or (auto) to the latest version (default: "
          + "rotation.minDecryptionVersion)")
  String minDecryptionVersion;

  @Option(names = "--require-sidecar",
      description = "stop when the running sidecar cannot be asked which versions it decrypted recently")
  boolean requireSidecar;

  RotateCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    return config.run(cli.env(), (vertx, loaded) -> {
      Optional<OptionalInt> min = minDecryptionVersion(loaded);
      if (min.isEmpty()) {
        cli.err().println("transit-sidecar: --min-decryption-version must be a number from 1 or auto");
        return Cli.USAGE;
      }
      if (!TransitWrapping.validNames(loaded.transit().mount(), loaded.keystore().transitKey())) {
        cli.err().println("transit-sidecar: invalid transit.mount or keystore.transitKey");
        return Cli.USAGE;
      }
      return rotate(vertx, loaded, new RotationOptions(dryRun, force, min.get(), requireSidecar));
    });
  }

  private int rotate(Vertx vertx, SidecarConfig loaded, RotationOptions options) {
    Optional<KeystoreStores> stores = KeystoreStores.open(vertx, loaded, cli.env());
    try {
      return rotate(vertx, loaded, options, stores.map(KeystoreStores::store),
          stores.flatMap(KeystoreStores::client));
    } finally {
      stores.ifPresent(KeystoreStores::close);
    }
  }

  private int rotate(Vertx vertx, SidecarConfig loaded, RotationOptions options, Optional<KeystoreStore> store,
      Optional<KubeClient> kube) {
    try (LockedMemory memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, loaded.cache().lockMemory(),
        loaded.cache().memoryBackend());
        CliSession session = new CliSession(vertx, loaded, cli.env())) {
      session.login();
      Consumer<String> say = line -> cli.out().println((dryRun ? "dry run: " : "") + line);
      if (ClusterRotation.wanted(loaded.rotation())) {
        try (ClusterRotation cluster = ClusterRotation.connect(vertx, loaded.rotation(), kube, cli.env(), say)) {
          return finish(cluster.withK10(rotation(vertx, loaded, session, memory, store, cluster.seenVersions(), say))
              .run(options).await());
        }
      }
      Optional<VaultToken> clientToken = ClientTokenFile.read(vertx, loaded.listen().clientTokenFile()).await();
      SeenVersions seen = SidecarStatus.at(vertx, loaded.listen(), clientToken);
      return finish(rotation(vertx, loaded, session, memory, store, seen, say).run(options).await());
    }
  }

  private static Rotation rotation(Vertx vertx, SidecarConfig loaded, CliSession session, LockedMemory memory,
      Optional<KeystoreStore> store, SeenVersions seen, Consumer<String> say) {
    return Rotation.of(vertx, session, memory, loaded.transit().mount(), loaded.keystore().transitKey(), store, seen,
        say, Claims.system());
  }

  /** The last line: done, or held back (exit 0 both: held back is the interlock working, not a failure). */
  private int finish(RotationResult result) {
    if (result.heldBack().isPresent()) {
      cli.out().println((dryRun ? "dry run: nothing was changed; would be " : "") + "held back: "
          + result.heldBack().get());
      return 0;
    }
    cli.out().println((dryRun ? "dry run: nothing was changed; " : "done: ") + result.key() + " at v"
        + result.latestVersion() + ", min_decryption_version " + result.minDecryptionVersion());
    return 0;
  }

  /** The option, else the configuration; empty when the option is neither a version nor {@code auto}. */
  private Optional<OptionalInt> minDecryptionVersion(SidecarConfig loaded) {
    if (minDecryptionVersion == null) {
      return Optional.of(loaded.rotation().minDecryptionVersion());
    }
    if (minDecryptionVersion.equals("auto")) {
      return Optional.of(OptionalInt.empty());
    }
    try {
      int version = Integer.parseInt(minDecryptionVersion);
      return version >= 1 ? Optional.of(OptionalInt.of(version)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
