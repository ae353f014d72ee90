package dev.transitsidecar.devvault;

import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

/**
 * The engine's state and its request pipeline, in Vault's order: sealed? then (unless the path is unauthenticated)
 * the token, then the backend's existence check, then the ACL, then the handler. Every method is synchronized: the
 * HTTP server calls {@link #handle} on its event loop, tests call the rest from their own threads.
 */
final class Engine {
  /** A request in Vault's terms; {@code token} may be null. */
  record Request(Operation op, String path, String token, JsonObject body) {
    @Override
    public String toString() {
      return "Request[" + op + " " + path + "]";
    }
  }

  /** A backend's reply and the {@code mount_type} of the backend that gave it. */
  record Outcome(Reply reply, String mountType) {}

  /**
   * Vault 1.17+'s body for an unknown, expired or revoked token (hashicorp/vault#28792): one multierror string that
   * contains both {@code permission denied} and {@code invalid token}.
   */
  static final String INVALID_TOKEN = "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n";

  private final TokenStore tokens;
  private final PolicyStore policies = new PolicyStore();
  private final Mounts mounts = new Mounts();
  private final AuthMethods auth;
  private final Token root;
  private boolean sealed;

  private Engine(DevVaultOptions options, SecureRandom random) {
    Ids ids = new Ids(random);
    Duration max = options.maxTokenTtl();
    this.tokens = new TokenStore(options.clock(), ids, new Ttls.SystemTtl(max, max));
    this.auth = new AuthMethods(mounts, tokens, ids, options.clock());
    this.root = tokens.createRoot(options.rootToken());
    mounts.mount("sys", new SystemBackend(policies, auth));
    mounts.mount("auth/token", new TokenBackend(tokens));
  }

  /** A fresh engine with sys, the token store and Transit (with {@code transitKeys} created) mounted. */
  static Engine create(DevVaultOptions options) {
    SecureRandom random = new SecureRandom();
    Engine engine = new Engine(options, random);
    TransitBackend transit = new TransitBackend(options.clock(), random);
    engine.mounts.mount(options.transitMount(), new TransitMount(transit));
    options.transitKeys().forEach(transit::createKey);
    return engine;
  }

  synchronized Outcome handle(Request req) {
    if (sealed) {
      throw new VaultError(503, "Vault is sealed");
    }
    String path = Mounts.normalize(req.path());
    Optional<Mounts.Match> match = mounts.route(path);
    if (match.isPresent() && match.get().backend().unauthenticated(match.get().relative())) {
      return serve(match.get(), req.op(), req.body(), null, false);
    }
    Token caller = authenticate(req.token());
    Operation op = match.map(m -> m.backend().resolve(req.op(), m.relative())).orElse(req.op());
    boolean sudo = authorize(caller, op == Operation.LIST ? path + "/" : path, op, match);
    Mounts.Match target = match.orElseThrow(Backend.Call::unsupportedPath);
    Token used = tokens.use(caller);
    try {
      return serve(target, op, req.body(), used, sudo);
    } finally {
      if (caller.usesLeft() == 1) {
        tokens.revoke(caller.id());
      }
    }
  }

  private Token authenticate(String token) {
    if (token == null || token.isEmpty()) {
      throw VaultError.permissionDenied();
    }
    return tokens.find(token).orElseThrow(() -> new VaultError(403, INVALID_TOKEN));
  }

  /** The ACL check (root bypasses it); returns whether the caller holds root or sudo on the path. */
  private boolean authorize(Token caller, String aclPath, Operation op, Optional<Mounts.Match> match) {
    if (caller.isRoot()) {
      return true;
    }
    boolean sudoRequired = match.map(m -> m.backend().requiresSudo(m.relative())).orElse(false);
    Acl acl = policies.aclFor(caller.draft().policies());
    if (!acl.allows(aclPath, op, sudoRequired)) {
      throw VaultError.permissionDenied();
    }
    return acl.capabilities(aclPath, op == Operation.LIST).contains("sudo");
  }

  private static Outcome serve(Mounts.Match m, Operation op, JsonObject body, Token caller, boolean sudo) {
    Reply reply = m.backend().handle(new Backend.Call(op, m.relative(), body, caller, sudo));
    return new Outcome(reply, m.backend().type());
  }

  synchronized boolean sealed() {
    return sealed;
  }

  synchronized void seal(boolean value) {
    sealed = value;
  }

  String rootToken() {
    return root.id();
  }

  synchronized String createToken(TokenSpec spec) {
    Lifetime life = new Lifetime(spec.ttl(), spec.explicitMaxTtl(), spec.period(), Duration.ZERO, spec.renewable());
    TokenDraft draft = new TokenDraft(Policies.sanitize(spec.policies(), true), "auth/token/create-orphan",
        "token", java.util.Map.of(), life, 0, null, "");
    return tokens.create(draft).token().id();
  }

  synchronized void revokeToken(String id) {
    tokens.revoke(id);
  }

  synchronized void revokeLogins(String pathPrefix) {
    tokens.revokeByPathPrefix(pathPrefix);
  }

  synchronized void putPolicy(String name, String hcl) {
    policies.put(name, hcl);
  }

  synchronized KubernetesBackend kubernetes(String mountPath) {
    return auth.kubernetes(mountPath);
  }

  /** Test hook: mounts an extra backend (for example a fake Transit) at {@code path}. */
  synchronized void mount(String path, Backend backend) {
    mounts.unmount(path);
    mounts.mount(path, backend);
  }
}
