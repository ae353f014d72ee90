package dev.transitsidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VaultErrorsTest {
  private static final List<String> MULTI = List.of("2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n");

  @Test
  void summary_multiError_oneLine() {
    assertThat(VaultErrors.summary(MULTI)).isEqualTo("permission denied; invalid token");
    assertThat(VaultErrors.summary(List.of("1 error occurred:\n\t* permission denied\n\n")))
        .isEqualTo("permission denied");
    assertThat(VaultErrors.summary(List.of())).isEqualTo("no reason given");
  }

  @Test
  void deniesToken_only403WithTokenWording() {
    assertThat(VaultErrors.deniesToken(403, MULTI)).isTrue();
    assertThat(VaultErrors.deniesToken(403, List.of("permission denied"))).isTrue();
    assertThat(VaultErrors.deniesToken(403, List.of("service account name not authorized"))).isFalse();
    assertThat(VaultErrors.deniesToken(400, List.of("permission denied"))).isFalse();
    assertThat(VaultErrors.saysInvalidToken(MULTI)).isTrue();
    assertThat(VaultErrors.saysInvalidToken(List.of("permission denied"))).isFalse();
  }

  @Test
  void mounts_normalized() {
    assertThat(Mounts.normalize("/auth/kubernetes/")).isEqualTo("kubernetes");
    assertThat(Mounts.normalize("k8s-prod")).isEqualTo("k8s-prod");
  }
}
