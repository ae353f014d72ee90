package dev.transitsidecar.devvault;

import java.util.List;
import java.util.Map;

/**
 * What a token is to be: everything but its id and times. Built by token create, the auth methods and the Java API.
 *
 * @param policies sanitized policy names (see {@link Policies#sanitize})
 * @param path the creation path, for example {@code auth/token/create} or {@code auth/approle/login}
 * @param displayName Vault's display name ({@code token}, {@code approle}, ...)
 * @param meta metadata, empty for none
 * @param lifetime TTL rules
 * @param numUses uses allowed, 0 for unlimited
 * @param parentId the parent token's id, null for an orphan (a secret: never logged)
 * @param entityId identity entity id, "" for none
 */
record TokenDraft(
    List<String> policies,
    String path,
    String displayName,
    Map<String, String> meta,
    Lifetime lifetime,
    int numUses,
    String parentId,
    String entityId) {
  TokenDraft {
    policies = List.copyOf(policies);
    meta = Map.copyOf(meta);
  }

  @Override
  public String toString() {
    return "TokenDraft[policies=" + policies + ", path=" + path + ", orphan=" + (parentId == null) + "]";
  }
}
