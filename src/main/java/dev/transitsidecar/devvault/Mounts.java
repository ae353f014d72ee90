package dev.transitsidecar.devvault;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The mount table: path prefixes ({@code sys/}, {@code auth/token/}, {@code transit/}) to backends, longest wins. */
final class Mounts {
  /** A request routed to a backend, with the path relative to its mount. */
  record Match(String mount, Backend backend, String relative) {}

  private final Map<String, Backend> table = new TreeMap<>();

  /** Mounts a backend at {@code path} (slashes around it are ignored); 400 when the path is taken. */
  void mount(String path, Backend backend) {
    String prefix = normalize(path) + "/";
    for (String existing : table.keySet()) {
      if (existing.startsWith(prefix) || prefix.startsWith(existing)) {
        throw VaultError.badRequest("path is already in use at " + existing);
      }
    }
    table.put(prefix, backend);
  }

  /** Removes a mount; returns the backend that was there, if any. */
  Optional<Backend> unmount(String path) {
    return Optional.ofNullable(table.remove(normalize(path) + "/"));
  }

  Optional<Backend> at(String path) {
    return Optional.ofNullable(table.get(normalize(path) + "/"));
  }

  Optional<Match> route(String path) {
    String full = normalize(path) + "/";
    return table.entrySet().stream()
        .filter(e -> full.startsWith(e.getKey()))
        .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
        .map(e -> new Match(e.getKey(), e.getValue(), normalize(full.substring(e.getKey().length()))));
  }

  /** Auth mounts as {@code "approle/" -> backend}, for {@code GET sys/auth}. */
  Map<String, Backend> authMounts() {
    Map<String, Backend> out = new TreeMap<>();
    table.forEach((prefix, backend) -> {
      if (prefix.startsWith("auth/")) {
        out.put(prefix.substring("auth/".length()), backend);
      }
    });
    return out;
  }

  static String normalize(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
