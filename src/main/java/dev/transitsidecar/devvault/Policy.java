package dev.transitsidecar.devvault;

import java.util.List;
import java.util.Set;

/**
 * An ACL policy as written ({@code text}) and as parsed ({@code rules}).
 *
 * @param name lowercase policy name
 * @param text the HCL as submitted (returned by reads)
 * @param rules one rule per {@code path} block, in order
 */
record Policy(String name, String text, List<Policy.PathRule> rules) {
  Policy {
    rules = List.copyOf(rules);
  }

  /** One {@code path "<pattern>" { capabilities = [...] }} block. */
  record PathRule(String pattern, Set<String> capabilities) {
    PathRule {
      capabilities = Set.copyOf(capabilities);
    }
  }
}
