package dev.transitsidecar.contract;

import dev.transitsidecar.testing.FakeClock;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.vault.VaultContainer;

/**
 * The contract suite against a real, pinned Vault in dev mode (Testcontainers). Skipped, not failed, where no
 * Docker engine is available. No controllable clock: the time-travel tests are skipped here.
 */
@Testcontainers(disabledWithoutDocker = true)
class RealVaultContractTest {
  private static final String IMAGE = "hashicorp/vault:1.21.1";
  private static final String ROOT_TOKEN = "contract-root-token";

  @Container
  private static final VaultContainer<?> VAULT = new VaultContainer<>(DockerImageName.parse(IMAGE))
      .withVaultToken(ROOT_TOKEN)
      .withInitCommand(
          "secrets enable " + VaultTarget.TRANSIT,
          "secrets enable -path=" + VaultTarget.EMPTY_TRANSIT + " transit",
          "auth enable " + VaultTarget.APPROLE);

  private static final VaultTarget TARGET = new VaultTarget() {
    @Override
    public String address() {
      return VAULT.getHttpHostAddress();
    }

    @Override
    public String rootToken() {
      return ROOT_TOKEN;
    }

    @Override
    public String emptyTransitAddress() {
      return address();
    }

    @Override
    public Optional<FakeClock> clock() {
      return Optional.empty();
    }
  };

  @Nested
  class TransitKeys extends TransitKeysContract {
    @Override
    protected VaultTarget target() {
      return TARGET;
    }
  }

  @Nested
  class TransitKeyConfig extends TransitKeyConfigContract {
    @Override
    protected VaultTarget target() {
      return TARGET;
    }
  }

  @Nested
  class TransitCrypto extends TransitCryptoContract {
    @Override
    protected VaultTarget target() {
      return TARGET;
    }
  }

  @Nested
  class CiphertextErrors extends CiphertextErrorsContract {
    @Override
    protected VaultTarget target() {
      return TARGET;
    }
  }

  @Nested
  class TransitBatch extends TransitBatchContract {
    @Override
    protected VaultTarget target() {
      return TARGET;
    }
  }

  @Nested
  class TransitDatakeyRewrap extends TransitDatakeyRewrapContract {
    @Override
    protected VaultTarget target() {
      return TARGET;
    }
  }

  @Nested
  class Tokens extends TokenContract {
    @Override
    protected VaultTarget target() {
      return TARGET;
    }
  }

  @Nested
  class Acl extends AclContract {
    @Override
    protected VaultTarget target() {
      return TARGET;
    }
  }

  @Nested
  class AppRole extends AppRoleContract {
    @Override
    protected VaultTarget target() {
      return TARGET;
    }
  }

  @Nested
  class Sys extends SysContract {
    @Override
    protected VaultTarget target() {
      return TARGET;
    }
  }
}
