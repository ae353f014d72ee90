package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  @AutoClose
  private final TestVault t = new TestVault();

  @Test
  void javaApiAndHttp_canRunTogether() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int n = i;
      results.add(pool.submit(() -> storm(n)));
    }
    for (Future<Boolean> f : results) {
      assertThat(f.get()).isTrue();
    }
    pool.shutdown();
    assertThat(t.vault.requests()).hasSize(8 * 25);
  }

  private boolean storm(int n) {
    for (int i = 0; i < 25; i++) {
      String token = t.vault.createToken(TokenSpec.of("p" + n).withTtl(Duration.ofMinutes(5)));
      t.vault.putPolicy("p" + n, "path \"x/" + i + "\" { capabilities = [\"read\"] }");
      if (t.get("/v1/auth/token/lookup-self", token).status() != 200) {
        return false;
      }
      t.vault.revokeToken(token);
    }
    return true;
  }

  @Test
  void secrets_neverAppearInToString() {
    String token = t.vault.createToken(TokenSpec.of("a"));
    TokenStore store = new TokenStore(t.clock, new Ids(new java.security.SecureRandom()),
        new Ttls.SystemTtl(Duration.ofHours(1), Duration.ofHours(1)));
    Token root = store.createRoot("hvs.sekrit");

    assertThat(root.toString()).doesNotContain("hvs.sekrit");
    assertThat(DevVaultOptions.defaults().withRootToken("hvs.sekrit").toString()).doesNotContain("sekrit");
    assertThat(new Engine.Request(Operation.READ, "p", token, null).toString()).doesNotContain(token);
  }
}
