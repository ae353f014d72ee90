/**
 * The Vault wire contract (docs/vault-api.md), asserted twice: against the embedded engine
 * ({@code EmbeddedEngineContractTest}) and against a real, pinned Vault in Testcontainers
 * ({@code RealVaultContractTest}, skipped where no Docker engine runs).
 *
 * <p>Each theme is one abstract class ({@code TransitKeysContract}, {@code TransitKeyConfigContract},
 * {@code TransitCryptoContract}, {@code CiphertextErrorsContract}, {@code TransitBatchContract},
 * {@code TransitDatakeyRewrapContract}, {@code TokenContract}, {@code AclContract}, {@code AppRoleContract},
 * {@code SysContract}); each runner nests one subclass per theme and supplies a {@link
 * dev.transitsidecar.contract.VaultTarget}. Setup differences live in the target, never in assertions. Tests talk
 * plain HTTP through {@link dev.transitsidecar.contract.VaultHttp} and create their own uniquely named keys,
 * policies and roles, so they are independent of order. Facts docs/vault-api.md marks "(code-derived)" or
 * "(unverified)" carry a comment saying so; a real-Vault run settles them.
 *
 * <p>Run: {@code mvn -B test -Dtest='dev.transitsidecar.contract.**'} (both runners),
 * {@code -Dtest='EmbeddedEngine*'} or {@code -Dtest='RealVault*'} (one runner).
 */
package dev.transitsidecar.contract;
