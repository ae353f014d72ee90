package dev.transitsidecar.devvault;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Vault's {@code policyutil.SanitizePolicies}: trim, lowercase, drop blanks, root wins alone, add default, sort. */
final class Policies {
  private Policies() {}

  static List<String> sanitize(List<String> requested, boolean addDefault) {
    TreeSet<String> out = new TreeSet<>();
    for (String p : requested) {
      String name = p.trim().toLowerCase(Locale.ROOT);
      if (name.equals("root")) {
        return List.of("root");
      }
      if (!name.isEmpty()) {
        out.add(name);
      }
    }
    if (addDefault) {
      out.add("default");
    }
    return new ArrayList<>(out);
  }
}
