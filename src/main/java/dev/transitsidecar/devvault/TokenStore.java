package dev.transitsidecar.devvault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All tokens, in memory, with Vault's lifetime rules: expiry from the clock, TTL arithmetic on creation and renewal
 * ({@link Ttls}), use counts, and revocation of whole trees (a token's children die with it, orphans do not).
 * An expired token is revoked lazily the next time anyone looks at it. Not thread-safe: the {@link Engine} guards it.
 */
final class TokenStore {
  /** A freshly created or renewed token and the warnings to return with it. */
  record Issued(Token token, List<String> warnings) {}

  private final Map<String, Token> byId = new HashMap<>();
  private final Clock clock;
  private final Ids ids;
  private final Ttls.SystemTtl system;

  TokenStore(Clock clock, Ids ids, Ttls.SystemTtl system) {
    this.clock = clock;
    this.ids = ids;
    this.system = system;
  }

  Instant now() {
    return clock.instant();
  }

  /** The root token: policies ["root"], no TTL, not renewable, orphan. */
  Token createRoot(String id) {
    TokenDraft draft =
        new TokenDraft(List.of("root"), "auth/token/root", "root", Map.of(), Lifetime.none(), 0, null, "");
    Token root = new Token(id == null ? ids.token() : id, ids.accessor(), draft, now(), Duration.ZERO, Duration.ZERO, null, null, 0);
    byId.put(root.id(), root);
    Witnesses.credential(root.id());
    return root;
  }

  Issued create(TokenDraft draft) {
    Instant now = now();
    Lifetime life = draft.lifetime();
    Duration ttl = Duration.ZERO;
    List<String> warnings = List.of();
    boolean rootPolicy = draft.policies().contains("root");
    if (life.period().isPositive() || life.ttl().isPositive() || !rootPolicy) {
      Ttls.Result result = Ttls.calculate(system, Duration.ZERO, life.ttl(), life, now, now);
      ttl = result.ttl();
      warnings = result.warnings();
    }
    if (ttl.isZero() && life.explicitMaxTtl().isPositive()) {
      ttl = life.explicitMaxTtl();
    }
    Instant expires = ttl.isZero() ? null : now.plus(ttl);
    Token token = new Token(ids.token(), ids.accessor(), draft, now, ttl, ttl, expires, null, draft.numUses());
    byId.put(token.id(), token);
    Witnesses.credential(token.id());
    return new Issued(token, warnings);
  }

  /** A live token: present, not expired, and (unless orphan) with a live parent chain. */
  Optional<Token> find(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.empty();
    }
    Token token = byId.get(id);
    if (token == null) {
      return Optional.empty();
    }
    if (token.expiredAt(now()) || (!token.isOrphan() && find(token.draft().parentId()).isEmpty())) {
      revoke(id);
      return Optional.empty();
    }
    return Optional.of(token);
  }

  Optional<Token> findByAccessor(String accessor) {
    return byId.values().stream()
        .filter(t -> t.accessor().equals(accessor))
        .findFirst()
        .flatMap(t -> find(t.id()));
  }

  /**
   * Spends one use of a limited-use token and returns the updated entry. When that was the last use
   * ({@code usesLeft} becomes 0 from 1) the caller serves the request and then revokes the token, as Vault does.
   */
  Token use(Token token) {
    if (token.usesLeft() <= 0) {
      return token;
    }
    Token used = token.withUsesLeft(token.usesLeft() - 1);
    byId.put(token.id(), used);
    return used;
  }

  /**
   * Renews a live token: the new TTL is the increment, else the token's TTL (or period), capped by its max TTLs.
   *
   * @throws VaultError 400 {@code lease is not renewable} for root, non-expiring or non-renewable tokens
   */
  Issued renew(Token token, Duration increment) {
    Instant now = now();
    if (token.expires() == null || !token.draft().lifetime().renewable()) {
      throw VaultError.badRequest("lease is not renewable");
    }
    if (token.expiredAt(now)) {
      throw VaultError.badRequest("lease expired");
    }
    Lifetime life = token.draft().lifetime();
    Ttls.Result result = Ttls.calculate(system, increment, token.creationTtl(), life, token.created(), now);
    Token renewed = token.renewed(now, result.ttl());
    byId.put(renewed.id(), renewed);
    return new Issued(renewed, result.warnings());
  }

  /** Revokes a token and every descendant; unknown ids are ignored (Vault answers 204). */
  void revoke(String id) {
    if (byId.remove(id) == null) {
      return;
    }
    boolean removed = true;
    while (removed) {
      removed = byId.values().removeIf(t -> !t.isOrphan() && !byId.containsKey(t.draft().parentId()));
    }
  }

  /** Revokes every token created under an auth mount path (used when the mount is disabled). */
  void revokeByPathPrefix(String pathPrefix) {
    List<String> victims =
        byId.values().stream().filter(t -> t.draft().path().startsWith(pathPrefix)).map(Token::id).toList();
    victims.forEach(this::revoke);
  }
}
