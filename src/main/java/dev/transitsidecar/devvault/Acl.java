package dev.transitsidecar.devvault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merged ACL of a token's policies, with Vault's matching rules ({@code vault/acl.go}):
 * rules for the same pattern string merge (union; {@code deny} anywhere makes the rule deny-only); an exact rule
 * wins; otherwise the single highest-priority glob ({@code *} suffix) or segment-wildcard ({@code +}) rule applies,
 * by Vault's ordering: first wildcard later in the pattern, then no trailing glob, then fewer {@code +}, then
 * longer pattern, then lexically greater. Capabilities of different patterns are never combined.
 */
final class Acl {
  private final Map<String, Set<String>> exact = new HashMap<>();
  private final Map<String, Set<String>> prefix = new HashMap<>();
  private final Map<String, Set<String>> segment = new HashMap<>();

  private Acl() {}

  static Acl of(Collection<Policy> policies) {
    Acl acl = new Acl();
    policies.forEach(p -> p.rules().forEach(acl::add));
    return acl;
  }

  private void add(Policy.PathRule rule) {
    String pattern = rule.pattern();
    Map<String, Set<String>> target;
    if (pattern.contains("+")) {
      target = segment;
    } else if (pattern.endsWith("*")) {
      target = prefix;
      pattern = pattern.substring(0, pattern.length() - 1);
    } else {
      target = exact;
    }
    Set<String> merged = target.computeIfAbsent(pattern, k -> new HashSet<>());
    merged.addAll(rule.capabilities());
    if (merged.contains("deny")) {
      merged.retainAll(Set.of("deny"));
    }
  }

  /** Whether {@code op} (plus {@code sudo} when the path is root-protected) is allowed on the request path. */
  boolean allows(String path, Operation op, boolean sudoRequired) {
    Set<String> caps = capabilities(path, op == Operation.LIST);
    if (caps.contains("deny") || !caps.contains(op.capability())) {
      return false;
    }
    return !sudoRequired || caps.contains("sudo");
  }

  /** The capabilities of the rule that governs {@code path}; empty when none matches. */
  Set<String> capabilities(String path, boolean list) {
    Set<String> caps = exact.get(path);
    if (caps == null && list && path.endsWith("/")) {
      caps = exact.get(path.substring(0, path.length() - 1));
    }
    if (caps != null) {
      return caps;
    }
    return nonExact(path);
  }

  private record Candidate(int firstWildcard, boolean isPrefix, int wildcards, String pattern, Set<String> caps) {}

  private static final Comparator<Candidate> PRIORITY = Comparator.comparingInt(Candidate::firstWildcard)
      .thenComparing(c -> !c.isPrefix())
      .thenComparing(c -> -c.wildcards())
      .thenComparingInt(c -> c.pattern().length())
      .thenComparing(Candidate::pattern);

  private Set<String> nonExact(String path) {
    List<Candidate> candidates = new ArrayList<>();
    prefix.entrySet().stream()
        .filter(e -> path.startsWith(e.getKey()))
        .max(Comparator.comparingInt(e -> e.getKey().length()))
        .ifPresent(e -> candidates.add(new Candidate(e.getKey().length(), true, 0, e.getKey(), e.getValue())));
    String[] parts = path.split("/", -1);
    segment.forEach((pattern, caps) -> segmentMatch(pattern, parts, caps).ifPresent(candidates::add));
    return candidates.stream().max(PRIORITY).map(Candidate::caps).orElse(Set.of());
  }

  private static java.util.Optional<Candidate> segmentMatch(String pattern, String[] parts, Set<String> caps) {
    boolean isPrefix = pattern.endsWith("*");
    String body = isPrefix ? pattern.substring(0, pattern.length() - 1) : pattern;
    String[] acl = body.split("/", -1);
    if (parts.length < acl.length || (!isPrefix && parts.length != acl.length)) {
      return java.util.Optional.empty();
    }
    int wildcards = 0;
    for (int i = 0; i < acl.length; i++) {
      boolean last = i == acl.length - 1;
      if (acl[i].equals("+")) {
        wildcards++;
      } else if (!acl[i].equals(parts[i]) && !(isPrefix && last && parts[i].startsWith(acl[i]))) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.of(new Candidate(pattern.indexOf('+'), isPrefix, wildcards, body, caps));
  }
}
