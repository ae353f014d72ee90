package dev.transitsidecar.config;

import java.util.List;

/**
 * The Transit mount and the keys the proxy may use.
 *
 * @param keys not empty, immutable; each a valid Transit key name
 */
public record TransitConfig(String mount, List<String> keys) {
  public TransitConfig {
    keys = List.copyOf(keys);
  }
}
