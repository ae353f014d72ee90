package dev.transitsidecar.contract;

import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.testing.FakeClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The contract suite against the embedded engine ({@link DevVault}) on port 0 with a {@link FakeClock}, so the
 * time-travel tests run here. A second engine serves the always-empty Transit mount.
 */
class EmbeddedEngineContractTest {
  private static Vertx vertx;
  private static DevVault engine;
  private static DevVault emptyEngine;
  private static VaultTarget target;

  @BeforeAll
  static void startEngines() throws Exception {
    vertx = Vertx.vertx();
    FakeClock clock = new FakeClock();
    String rootToken = "root-" + UUID.randomUUID();
    DevVaultOptions options = new DevVaultOptions("127.0.0.1", 0, clock, rootToken, VaultTarget.TRANSIT, List.of());
    engine = await(DevVault.start(vertx, options));
    emptyEngine = await(DevVault.start(vertx,
        new DevVaultOptions("127.0.0.1", 0, clock, rootToken, VaultTarget.EMPTY_TRANSIT, List.of())));
    target = new Target(engine.address(), engine.rootToken(), emptyEngine.address(), clock);
    // What the real-Vault runner's init command `vault auth enable approle` does, through the same API.
    VaultHttp.Response enabled = new VaultHttp(engine.address())
        .send("POST", "sys/auth/approle", rootToken, new io.vertx.core.json.JsonObject().put("type", "approle"));
    if (enabled.status() != 204) {
      throw new IllegalStateException("enabling approle answered " + enabled);
    }
  }

  @AfterAll
  static void stopEngines() throws Exception {
    if (emptyEngine != null) {
      await(emptyEngine.close());
    }
    if (engine != null) {
      await(engine.close());
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private record Target(String address, String rootToken, String emptyTransitAddress, FakeClock fakeClock)
      implements VaultTarget {
    @Override
    public Optional<FakeClock> clock() {
      return Optional.of(fakeClock);
    }
  }

  @Nested
  class TransitKeys extends TransitKeysContract {
    @Override
    protected VaultTarget target() {
      return target;
    }
  }

  @Nested
  class TransitKeyConfig extends TransitKeyConfigContract {
    @Override
    protected VaultTarget target() {
      return target;
    }
  }

  @Nested
  class TransitCrypto extends TransitCryptoContract {
    @Override
    protected VaultTarget target() {
      return target;
    }
  }

  @Nested
  class CiphertextErrors extends CiphertextErrorsContract {
    @Override
    protected VaultTarget target() {
      return target;
    }
  }

  @Nested
  class TransitBatch extends TransitBatchContract {
    @Override
    protected VaultTarget target() {
      return target;
    }
  }

  @Nested
  class TransitDatakeyRewrap extends TransitDatakeyRewrapContract {
    @Override
    protected VaultTarget target() {
      return target;
    }
  }

  @Nested
  class Tokens extends TokenContract {
    @Override
    protected VaultTarget target() {
      return target;
    }
  }

  @Nested
  class Acl extends AclContract {
    @Override
    protected VaultTarget target() {
      return target;
    }
  }

  @Nested
  class AppRole extends AppRoleContract {
    @Override
    protected VaultTarget target() {
      return target;
    }
  }

  @Nested
  class Sys extends SysContract {
    @Override
    protected VaultTarget target() {
      return target;
    }
  }
}
