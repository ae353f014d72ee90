package dev.transitsidecar.devvault;

import java.time.Duration;
import java.time.Instant;

/**
 * A token in the {@link TokenStore}. Immutable: use, renewal and so on replace the entry.
 *
 * @param id the secret token id ({@code hvs.}...); never logged, never in {@link #toString()}
 * @param accessor the non-secret handle
 * @param draft what it was created as
 * @param created creation time
 * @param creationTtl the TTL granted at creation (Vault's {@code creation_ttl}; renewals start from it)
 * @param ttl the TTL granted at creation or by the last renewal; zero for a non-expiring token
 * @param expires expiry, or null for a non-expiring token (root)
 * @param lastRenewal time of the last renewal, or null
 * @param usesLeft remaining uses, 0 for unlimited
 */
record Token(
    String id,
    String accessor,
    TokenDraft draft,
    Instant created,
    Duration creationTtl,
    Duration ttl,
    Instant expires,
    Instant lastRenewal,
    int usesLeft) {

  boolean isRoot() {
    return draft.policies().contains("root");
  }

  boolean isOrphan() {
    return draft.parentId() == null;
  }

  boolean expiredAt(Instant now) {
    return expires != null && !now.isBefore(expires);
  }

  Token renewed(Instant now, Duration newTtl) {
    return new Token(id, accessor, draft, created, creationTtl, newTtl, now.plus(newTtl), now, usesLeft);
  }

  Token withUsesLeft(int uses) {
    return new Token(id, accessor, draft, created, creationTtl, ttl, expires, lastRenewal, uses);
  }

  @Override
  public String toString() {
    return "Token[accessor=" + accessor + ", policies=" + draft.policies() + ", expires=" + expires + "]";
  }
}
