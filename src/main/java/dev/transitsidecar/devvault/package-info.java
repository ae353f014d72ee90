/**
 * The embedded, in-memory stand-in for Vault ({@link dev.transitsidecar.devvault.DevVault}), following
 * docs/vault-api.md. Public surface: {@code DevVault}, {@code DevVaultOptions}, {@code Faults},
 * {@code TokenSpec}, {@code SeenRequest}, {@code KubernetesAuth}; everything else is package-private.
 *
 * <h2>Shape</h2>
 * {@code HttpFront} (Vert.x router: record, bounded body, latency/faults, health) → {@code HttpRequests} (method, token,
 * data) → {@code Engine} (sealed → token → existence check → ACL → handler, one lock) → a {@code Backend} from the
 * {@code Mounts} table ({@code SystemBackend}, {@code TokenBackend}, {@code AppRoleBackend},
 * {@code KubernetesBackend}, {@code TransitMount}) → {@code Envelope}.
 *
 * <h2>Decisions where Vault gives no single answer</h2>
 * <ul>
 *   <li>Unknown, expired or revoked token: 403 with the one multierror string observed on Vault 1.17.x,
 *       {@code "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n"}. A missing token gets 403
 *       {@code permission denied} only; a valid token without the capability gets 403 {@code permission denied}.</li>
 *   <li>System default and max TTL: 768h each ({@link dev.transitsidecar.devvault.DevVaultOptions#maxTokenTtl()}).</li>
 *   <li>Batch tokens: refused with 400 {@code batch tokens are not supported by this dev engine}.</li>
 *   <li>Version reported by sys/health and sys/seal-status: {@code 1.21.0+devvault}.</li>
 * </ul>
 *
 * <h2>Known differences from Vault</h2>
 * <ul>
 *   <li>A path under no mount answers 404 {@code unsupported path} (after auth, like Vault); newer Vault words this
 *       {@code no handler for route ...}.</li>
 *   <li>Methods: PATCH, OPTIONS and HEAD (except on sys/health) answer 405 with no message. Response wrapping
 *       ({@code X-Vault-Wrap-TTL}) is ignored: {@code wrap_info} is always null and {@code sys/wrapping/*} is absent.
 *       sys/ responses are not duplicated at the top level of the body.</li>
 *   <li>Body errors: 400 {@code failed to parse JSON input: malformed JSON} (or {@code ... must be a JSON object})
 *       instead of Go's decoder text, so the body is never echoed. Vault's JSON depth/size limits are not enforced
 *       separately (Jackson's own nesting limit gives 400). Field type errors say
 *       {@code error converting input for field "<name>"} without the value. Unknown request fields are ignored
 *       without Vault's "Endpoint ignored these unrecognized parameters" warning.</li>
 *   <li>Tokens: service tokens only; no token roles ({@code create/:role}, {@code roles/*}), no
 *       {@code accessors} list, {@code revoke-orphan}, {@code renew-accessor}, {@code revoke-accessor},
 *       {@code bound_cidrs}, custom {@code id}. {@code entity_id} is "" for token-store tokens and a generated UUID
 *       per AppRole role / service account for logins; there is no identity store and no
 *       {@code identity_policies}. Times are rendered in UTC ({@code Z}); Vault uses the server's zone. Expired
 *       tokens (and children of dead parents) are revoked lazily when next looked up. Unknown or expired
 *       token in {@code auth/token/renew} is 400 {@code token not found}.</li>
 *   <li>Policies: the HCL subset of {@code PolicyParser} (path blocks with {@code capabilities} or legacy
 *       {@code policy}); parameter constraints, wrapping TTLs, MFA, control groups, templated paths, JSON-syntax
 *       policies and heredocs are refused with 400. The built-in {@code default} policy is a subset of Vault's
 *       (token self-service, capabilities-self, leases, wrapping, tools/hash; no cubbyhole, identity or
 *       control-group rules). Only {@code sys/auth/*} needs {@code sudo}. No Sentinel, no namespaces. Existence
 *       checks exist only for Transit (its backend decides) and AppRole role writes.</li>
 *   <li>AppRole: no CIDR bindings, secret-id metadata, custom role/secret ids, secret-id lookup/destroy/list or
 *       tidy; since CIDR constraints are unsupported, {@code bind_secret_id=false} is refused with
 *       {@code at least one constraint should be enabled on the role}. Role names are lowercased.</li>
 *   <li>Kubernetes: roles and accepted JWTs are configured from Java only ({@code DevVault.kubernetes}); no
 *       {@code config} or {@code role} HTTP paths, no JWT parsing, signature, issuer or audience checks and no
 *       TokenReview: an unregistered JWT is 403 {@code permission denied}; then the service-account name and the
 *       namespace are checked, in the current plugin's order. {@code service_account_secret_name} is always "".
 *       Roles have only names, namespaces, policies and a TTL.</li>
 *   <li>sys: only {@code policy}, {@code policies/acl}, {@code auth}, {@code health} and {@code seal-status};
 *       seal/unseal/init exist only as Java methods; secrets engines cannot be mounted over HTTP. sys/health is
 *       always initialized, active and never a standby (the standby parameters are validated but change nothing),
 *       and omits {@code last_wal}, {@code license} and the HA fields. {@code GET sys/auth} reports a minimal
 *       description per mount with a derived, not random, accessor.</li>
 *   <li>Faults, latency and the request log apply to every request, sys/health included; the log keeps the last
 *       10 000 requests.</li>
 *   <li>Transit key types: only {@code aes128-gcm96}, {@code aes256-gcm96} and {@code chacha20-poly1305}. Creating
 *       {@code ed25519}, {@code ecdsa-*}, {@code rsa-*}, {@code hmac}, {@code managed_key}, {@code aes*-cmac},
 *       {@code ml-dsa} or {@code hybrid} is 400 {@code key type <t> is not supported by the embedded transit engine
 *       (devvault) ...} (on encrypt auto-create, {@code ecdsa-*}, {@code ed25519} and {@code hmac} answer as Vault
 *       does). Export of {@code cmac-key} gives an engine message instead of Vault's Enterprise-only error.</li>
 *   <li>Transit auto-rotation is lazy: a key whose {@code auto_rotate_period} has passed rotates when a request next
 *       looks it up, not on Vault's background timer (LIST and the existence check do not trigger it).</li>
 *   <li>Transit has no legacy, imported or trimmed keys: no convergent v1/v2, no {@code hmac-sha256-counter} KDF,
 *       {@code imported_key} always false, {@code min_available_version} always 0 (so the "min available version"
 *       config errors never occur); no trim, backup/restore, import, BYOK, hmac, sign/verify, hash, random,
 *       cache-config or {@code config/keys} paths ({@code disable_upsert} is unavailable): 404
 *       {@code unsupported path}.</li>
 *   <li>Transit field decoding: a JSON {@code null} top-level field counts as absent; out-of-range integers say
 *       {@code invalid syntax} rather than {@code value out of range}; floats print Java-style; rewrap's
 *       mapstructure-style errors copy the encrypt/decrypt decoder's wording. The "unrecognized parameters" warning
 *       is added to every 200 reply, also to a batch whose {@code partial_failure_response_code} is exactly 200.</li>
 *   <li>Nonces and key bytes come from the injected {@code SecureRandom}; no FIPS-mode warnings. The
 *       {@code context} parameter of a key READ is checked as base64, then ignored.</li>
 * </ul>
 */
package dev.transitsidecar.devvault;
