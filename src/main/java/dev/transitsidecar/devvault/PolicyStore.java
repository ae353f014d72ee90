package dev.transitsidecar.devvault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ACL policies by name. {@code default} exists from the start (the token self-service paths of Vault's default
 * policy) and may be rewritten but not deleted; {@code root} is implicit and can be neither written nor deleted.
 */
final class PolicyStore {
  static final String DEFAULT_POLICY = """
      # Allow tokens to look up their own properties
      path "auth/token/lookup-self" {
          capabilities = ["read"]
      }
      # Allow tokens to renew themselves
      path "auth/token/renew-self" {
          capabilities = ["update"]
      }
      # Allow tokens to revoke themselves
      path "auth/token/revoke-self" {
          capabilities = ["update"]
      }
      # Allow a token to look up its own capabilities on a path
      path "sys/capabilities-self" {
          capabilities = ["update"]
      }
      # Allow a token to renew a lease via lease_id in the request body
      path "sys/leases/renew" {
          capabilities = ["update"]
      }
      path "sys/leases/lookup" {
          capabilities = ["update"]
      }
      path "sys/renew" {
          capabilities = ["update"]
      }
      # Allow a token to wrap arbitrary values in a response-wrapping token
      path "sys/wrapping/wrap" {
          capabilities = ["update"]
      }
      path "sys/wrapping/lookup" {
          capabilities = ["update"]
      }
      path "sys/wrapping/unwrap" {
          capabilities = ["update"]
      }
      # Allow general purpose tools
      path "sys/tools/hash" {
          capabilities = ["update"]
      }
      path "sys/tools/hash/*" {
          capabilities = ["update"]
      }
      """;

  private final Map<String, Policy> byName = new TreeMap<>();

  PolicyStore() {
    put("default", DEFAULT_POLICY);
  }

  /** Parses and stores; 400 for {@code root}, an empty text or HCL outside the supported subset. */
  void put(String name, String hcl) {
    String key = name.toLowerCase(Locale.ROOT);
    if (key.equals("root")) {
      throw VaultError.badRequest("cannot update \"root\" policy");
    }
    if (hcl == null || hcl.isBlank()) {
      throw VaultError.badRequest("'policy' parameter not supplied or empty");
    }
    byName.put(key, PolicyParser.parse(key, hcl));
  }

  Optional<Policy> get(String name) {
    return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
  }

  void delete(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    if (key.equals("root") || key.equals("default")) {
      throw VaultError.badRequest("cannot delete \"" + key + "\" policy");
    }
    byName.remove(key);
  }

  /** Names in lexical order, {@code root} included as Vault lists it. */
  List<String> names() {
    List<String> names = new ArrayList<>(byName.keySet());
    names.add("root");
    names.sort(null);
    return names;
  }

  /** The ACL for a set of policy names; unknown names contribute nothing. */
  Acl aclFor(Collection<String> names) {
    return Acl.of(names.stream().map(byName::get).filter(p -> p != null).toList());
  }
}
