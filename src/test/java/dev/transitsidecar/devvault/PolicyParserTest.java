package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyParserTest {
  @Test
  void parses_blocksCommentsAndLegacyPolicy() {
    Policy p = PolicyParser.parse("kasten", """
        # hash comment
        // slash comment
        /* block
           comment */
        path "transit/encrypt/kasten" {
          capabilities = ["update",]   # trailing comma
        }
        path "transit/decrypt/kasten" { capabilities = ["update", "create"] }
        path "/transit/keys/*" {
          policy = "read"
        }
        path "a" { capabilities = [] }
        """);

    assertThat(p.rules()).extracting(Policy.PathRule::pattern)
        .containsExactly("transit/encrypt/kasten", "transit/decrypt/kasten", "transit/keys/*", "a");
    assertThat(p.rules().get(1).capabilities()).containsExactlyInAnyOrder("update", "create");
    assertThat(p.rules().get(2).capabilities()).containsExactlyInAnyOrder("read", "list");
    assertThat(p.rules().get(3).capabilities()).isEmpty();
  }

  @Test
  void parses_escapedQuotes() {
    Policy p = PolicyParser.parse("x", "path \"a\\\"b\" { capabilities = [\"read\"] }");

    assertThat(p.rules().getFirst().pattern()).isEqualTo("a\"b");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "path \"a\" { capabilities = [\"read\"] allowed_parameters = { } }",
      "path \"a\" { capabilities = [\"fly\"] }",
      "path \"a\" { capabilities = [\"read\"]",
      "path \"a { capabilities = [\"read\"] }",
      "{\"path\": {\"a\": {\"capabilities\": [\"read\"]}}}",
      "name = \"x\"",
      "path \"a/*/b\" { capabilities = [\"read\"] }",
      "path \"a\" { capabilities = \"read\" }",
      "path \"a\" { policy = \"admin\" }",
      "path \"a\" { capabilities = [\"read\"] } /* open",
      "path \"a\" { max_wrapping_ttl = \"1h\" }",
      "path \"a\" { capabilities = [\"read\" \"list\"] }",
      "path \"kv/{{identity.entity.id}}/*\" { capabilities = [\"read\"] }",
  })
  void refuses_whatItDoesNotUnderstand(String hcl) {
    assertThatThrownBy(() -> PolicyParser.parse("bad", hcl))
        .isInstanceOfSatisfying(VaultError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.errors().getFirst()).startsWith("failed to parse policy: ");
        });
  }

  @Test
  void emptyPolicyText_isAccepted() {
    assertThat(PolicyParser.parse("empty", "# nothing yet\n").rules()).isEmpty();
  }
}
