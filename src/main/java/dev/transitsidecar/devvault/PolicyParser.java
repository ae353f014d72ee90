package dev.transitsidecar.devvault;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The HCL subset of Vault ACL policies: any number of {@code path "<pattern>" { capabilities = ["read", ...] }}
 * blocks (and the legacy {@code policy = "read"|"write"|"sudo"|"deny"}), with {@code #}, {@code //} and
 * {@code /* *}{@code /} comments. Everything else (parameter constraints, wrapping TTLs, MFA, templated paths, JSON syntax, heredocs)
 * is refused with 400 {@code failed to parse policy: ...} rather than silently ignored.
 */
final class PolicyParser {
  static final Set<String> CAPABILITIES =
      Set.of("create", "read", "update", "patch", "delete", "list", "sudo", "deny", "subscribe", "recover");

  private final List<HclLexer.Tok> toks;
  private int pos;

  private PolicyParser(List<HclLexer.Tok> toks) {
    this.toks = toks;
  }

  /** Parses a policy; throws {@link VaultError} 400 for anything outside the subset. */
  static Policy parse(String name, String text) {
    try {
      PolicyParser parser = new PolicyParser(HclLexer.lex(text));
      return new Policy(name, text, parser.blocks());
    } catch (IllegalArgumentException e) {
      throw VaultError.badRequest("failed to parse policy: " + e.getMessage());
    }
  }

  private List<Policy.PathRule> blocks() {
    List<Policy.PathRule> rules = new ArrayList<>();
    while (pos < toks.size()) {
      HclLexer.Tok key = next();
      if (!key.isIdent("path")) {
        throw new IllegalArgumentException("unsupported top-level key " + key.describe());
      }
      String pattern = expect(HclLexer.Kind.STRING, "path pattern").text();
      expectSymbol("{");
      rules.add(new Policy.PathRule(validPattern(pattern), body(pattern)));
    }
    return rules;
  }

  private Set<String> body(String pattern) {
    Set<String> caps = new LinkedHashSet<>();
    while (!peekSymbol("}")) {
      HclLexer.Tok key = expect(HclLexer.Kind.IDENT, "a key in path \"" + pattern + "\"");
      expectSymbol("=");
      switch (key.text()) {
        case "capabilities" -> caps.addAll(capabilityList(pattern));
        case "policy" -> caps.addAll(legacy(expect(HclLexer.Kind.STRING, "a policy value").text()));
        default -> throw new IllegalArgumentException(
            "unsupported key \"" + key.text() + "\" in path \"" + pattern + "\"");
      }
      if (peekSymbol(",")) {
        next();
      }
    }
    next();
    return caps;
  }

  private List<String> capabilityList(String pattern) {
    expectSymbol("[");
    List<String> caps = new ArrayList<>();
    while (!peekSymbol("]")) {
      String cap = expect(HclLexer.Kind.STRING, "a capability").text();
      if (!CAPABILITIES.contains(cap)) {
        throw new IllegalArgumentException("path \"" + pattern + "\": invalid capability \"" + cap + "\"");
      }
      caps.add(cap);
      if (!peekSymbol("]")) {
        expectSymbol(",");
      }
    }
    next();
    return caps;
  }

  private static List<String> legacy(String value) {
    return switch (value) {
      case "deny" -> List.of("deny");
      case "read" -> List.of("read", "list");
      case "write" -> List.of("create", "read", "update", "delete", "list");
      case "sudo" -> List.of("create", "read", "update", "delete", "list", "sudo");
      default -> throw new IllegalArgumentException("invalid policy \"" + value + "\"");
    };
  }

  private static String validPattern(String pattern) {
    String p = pattern.startsWith("/") ? pattern.substring(1) : pattern;
    if (p.contains("{{")) {
      throw new IllegalArgumentException("path \"" + pattern + "\": templated policies are not supported");
    }
    int star = p.indexOf('*');
    if (star >= 0 && star != p.length() - 1) {
      throw new IllegalArgumentException("path \"" + pattern + "\": '*' is only allowed at the end");
    }
    return p;
  }

  private HclLexer.Tok next() {
    if (pos >= toks.size()) {
      throw new IllegalArgumentException("unexpected end of policy");
    }
    return toks.get(pos++);
  }

  private HclLexer.Tok expect(HclLexer.Kind kind, String what) {
    HclLexer.Tok tok = next();
    if (tok.kind() != kind) {
      throw new IllegalArgumentException("expected " + what + " at line " + tok.line() + ", got " + tok.describe());
    }
    return tok;
  }

  private void expectSymbol(String symbol) {
    HclLexer.Tok tok = next();
    if (!tok.isSymbol(symbol)) {
      throw new IllegalArgumentException(
          "expected '" + symbol + "' at line " + tok.line() + ", got " + tok.describe());
    }
  }

  private boolean peekSymbol(String symbol) {
    if (pos >= toks.size()) {
      throw new IllegalArgumentException("unexpected end of policy");
    }
    return toks.get(pos).isSymbol(symbol);
  }
}
