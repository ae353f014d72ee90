package dev.transitsidecar.inject;

import java.util.List;

/** The pod annotations the webhook reads and writes (docs/injection.md), all under {@link #PREFIX}. */
final class Annotations {
  static final String PREFIX = "transit-sidecar.dev/";

  static final String INJECT = PREFIX + "inject";
  static final String STATUS = PREFIX + "status";
  static final String VAULT_ADDR = PREFIX + "vault-addr";
  static final String AUTH_METHOD = PREFIX + "auth-method";
  static final String ROLE = PREFIX + "role";
  static final String TOKEN_SECRET = PREFIX + "token-secret";
  static final String TRANSIT_MOUNT = PREFIX + "transit-mount";
  static final String TRANSIT_KEY = PREFIX + "transit-key";
  static final String CACHE_TTL = PREFIX + "cache-ttl";
  static final String KEYSTORE_SECRET = PREFIX + "keystore-secret";
  static final String NATIVE_SIDECAR = PREFIX + "native-sidecar";
  static final String CONTAINERS = PREFIX + "containers";
  static final String IMAGE = PREFIX + "image";
  static final String CPU_REQUEST = PREFIX + "cpu-request";
  static final String MEMORY_REQUEST = PREFIX + "memory-request";
  static final String CPU_LIMIT = PREFIX + "cpu-limit";
  static final String MEMORY_LIMIT = PREFIX + "memory-limit";

  /** Every annotation under the prefix that means something; any other one is a typo, and refused. */
  static final List<String> KNOWN = List.of(INJECT, STATUS, VAULT_ADDR, AUTH_METHOD, ROLE, TOKEN_SECRET,
      TRANSIT_MOUNT, TRANSIT_KEY, CACHE_TTL, KEYSTORE_SECRET, NATIVE_SIDECAR, CONTAINERS, IMAGE, CPU_REQUEST,
      MEMORY_REQUEST, CPU_LIMIT, MEMORY_LIMIT);

  /** What the webhook writes into {@link #STATUS}. */
  static final String INJECTED = "injected";

  private Annotations() {}
}
