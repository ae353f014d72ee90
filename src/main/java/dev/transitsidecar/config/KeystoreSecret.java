package dev.transitsidecar.config;

import java.util.Optional;

/**
 * The keystore in a Kubernetes Secret: {@code keystore.secret.namespace} (empty: the pod's own, or the kubeconfig
 * context's), {@code keystore.secret.name} and the data key {@code keystore.secret.key}.
 */
public record KeystoreSecret(Optional<String> namespace, String name, String key) {}
