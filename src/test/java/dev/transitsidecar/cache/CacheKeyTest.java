package dev.transitsidecar.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheKeyTest {
  private static final String CT = "vault:v1:c2VjcmV0LWNpcGhlcnRleHQ=";

  @Test
  void of_sameFields_sameKey() {
    assertThat(CacheKey.of("transit", "kasten", CT, Optional.of("Y3R4"), Optional.empty()))
        .isEqualTo(CacheKey.of("transit", "kasten", CT, Optional.of("Y3R4"), Optional.empty()));
  }

  @Test
  void of_shiftedFieldBoundary_differentKey() {
    assertThat(CacheKey.of("transit", "kasten", CT, Optional.of("ab"), Optional.of("c")))
        .isNotEqualTo(CacheKey.of("transit", "kasten", CT, Optional.of("a"), Optional.of("bc")));
    assertThat(CacheKey.of("trans", "itkasten", CT, Optional.empty(), Optional.empty()))
        .isNotEqualTo(CacheKey.of("transit", "kasten", CT, Optional.empty(), Optional.empty()));
  }

  @Test
  void of_absentAndEmptyContext_differentKeys() {
    assertThat(CacheKey.of("transit", "kasten", CT, Optional.empty(), Optional.empty()))
        .isNotEqualTo(CacheKey.of("transit", "kasten", CT, Optional.of(""), Optional.empty()));
  }

  @Test
  void of_anyFieldChanged_differentKey() {
    CacheKey base = CacheKey.of("transit", "kasten", CT, Optional.empty(), Optional.empty());
    assertThat(CacheKey.of("other", "kasten", CT, Optional.empty(), Optional.empty())).isNotEqualTo(base);
    assertThat(CacheKey.of("transit", "other", CT, Optional.empty(), Optional.empty())).isNotEqualTo(base);
    assertThat(CacheKey.of("transit", "kasten", CT + "x", Optional.empty(), Optional.empty())).isNotEqualTo(base);
    assertThat(CacheKey.of("transit", "kasten", CT, Optional.empty(), Optional.of("x"))).isNotEqualTo(base);
  }

  @Test
  void toString_showsNoCiphertext() {
    assertThat(CacheKey.of("transit", "kasten", CT, Optional.empty(), Optional.empty()).toString())
        .doesNotContain("c2VjcmV0").startsWith("CacheKey[");
  }
}
