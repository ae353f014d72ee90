package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AclTest {
  private static final Policy APP = PolicyParser.parse("app", """
      path "transit/encrypt/kasten" { capabilities = ["update"] }
      path "transit/keys/*"         { capabilities = ["read"] }
      path "transit/keys/secret*"   { capabilities = ["deny"] }
      path "transit/+/shared"       { capabilities = ["update", "create"] }
      path "transit/+/+/deep"       { capabilities = ["list"] }
      path "transit/decrypt/+"      { capabilities = ["read"] }
      path "transit/decrypt/kasten" { capabilities = ["create"] }
      path "transit/keys"           { capabilities = ["list"] }
      path "sys/auth/*"             { capabilities = ["update", "sudo"] }
      path "sys/policy/*"           { capabilities = ["update"] }
      """);
  private static final Acl ACL = Acl.of(List.of(APP));

  @ParameterizedTest(name = "{1} {0} -> {2}")
  @CsvSource({
      // exact
      "transit/encrypt/kasten, UPDATE, true",
      "transit/encrypt/kasten, CREATE, false",
      "transit/encrypt/other, UPDATE, false",
      // glob suffix
      "transit/keys/kasten, READ, true",
      "transit/keys/kasten/rotate, READ, true",
      "transit/keys/kasten, UPDATE, false",
      // deny wins on the more specific glob
      "transit/keys/secret, READ, false",
      "transit/keys/secrets-more, READ, false",
      // + matches exactly one segment
      "transit/encrypt/shared, UPDATE, true",
      "transit/a/b/shared, UPDATE, false",
      "transit/a/b/deep, LIST, true",
      // exact beats +: decrypt/kasten only has create
      "transit/decrypt/kasten, READ, false",
      "transit/decrypt/kasten, CREATE, true",
      "transit/decrypt/other, READ, true",
      // LIST of transit/keys/ falls back to the exact rule without the slash
      "transit/keys/, LIST, true",
      // nothing matches
      "sys/mounts, READ, false",
  })
  void allows(String path, Operation op, boolean expected) {
    assertThat(ACL.allows(path, op, false)).isEqualTo(expected);
  }

  @Test
  void sudoPaths_needSudo() {
    assertThat(ACL.allows("sys/auth/approle", Operation.UPDATE, true)).isTrue();
    assertThat(ACL.allows("sys/policy/x", Operation.UPDATE, true)).isFalse();
    assertThat(ACL.allows("sys/policy/x", Operation.UPDATE, false)).isTrue();
  }

  @Test
  void priority_laterWildcardWins() {
    Acl acl = acl("""
        path "secret/*" { capabilities = ["read"] }
        path "secret/foo/*" { capabilities = ["update"] }
        path "secret/+/bar" { capabilities = ["delete"] }
        """);

    // first wildcard at 11 ("secret/foo/*") beats 7 ("secret/+/bar")
    assertThat(acl.capabilities("secret/foo/bar", false)).containsExactly("update");
    // "secret/+/bar" (first wildcard 7, not a glob) beats "secret/*" (7, glob)
    assertThat(acl.capabilities("secret/zip/bar", false)).containsExactly("delete");
    assertThat(acl.capabilities("secret/zip/baz", false)).containsExactly("read");
  }

  @Test
  void priority_fewerPlusThenLongerThenLexical() {
    Acl acl = acl("""
        path "a/+/+/d" { capabilities = ["read"] }
        path "a/+/c/d" { capabilities = ["update"] }
        path "a/+/c/*" { capabilities = ["delete"] }
        """);

    assertThat(acl.capabilities("a/b/c/d", false)).containsExactly("update");
    assertThat(acl.capabilities("a/b/c/e", false)).containsExactly("delete");
    assertThat(acl.capabilities("a/b/x/d", false)).containsExactly("read");
  }

  @Test
  void samePatternAcrossPolicies_mergesAndDenyWins() {
    Policy read = PolicyParser.parse("r", "path \"k/*\" { capabilities = [\"read\"] }");
    Policy write = PolicyParser.parse("w", "path \"k/*\" { capabilities = [\"update\"] }");
    Policy deny = PolicyParser.parse("d", "path \"k/x\" { capabilities = [\"deny\"] }\n"
        + "path \"k/x\" { capabilities = [\"read\"] }");

    assertThat(Acl.of(List.of(read, write)).capabilities("k/a", false)).containsExactlyInAnyOrder("read", "update");
    assertThat(Acl.of(List.of(read, deny)).allows("k/x", Operation.READ, false)).isFalse();
    assertThat(Acl.of(List.of(read, deny)).allows("k/y", Operation.READ, false)).isTrue();
  }

  @Test
  void capabilitiesOfDifferentPatterns_areNotCombined() {
    Acl acl = acl("""
        path "k/*" { capabilities = ["read"] }
        path "k/x" { capabilities = ["update"] }
        """);

    assertThat(acl.allows("k/x", Operation.READ, false)).isFalse();
  }

  private static Acl acl(String hcl) {
    return Acl.of(List.of(PolicyParser.parse("p", hcl)));
  }
}
