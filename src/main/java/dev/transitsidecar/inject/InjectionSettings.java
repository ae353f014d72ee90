package dev.transitsidecar.inject;

import dev.transitsidecar.config.AuthMethod;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * What one pod gets, read from its annotations over the webhook's defaults by {@link AnnotationReader}: a small
 * record, not one field per annotation (the sidecar's own settings travel as its environment).
 *
 * @param image the sidecar image
 * @param nativeSidecar inject as an init container with {@code restartPolicy: Always}
 * @param appContainers the app containers that get {@code VAULT_ADDR}; empty means all of them
 * @param authMethod how the sidecar logs in to Vault
 * @param env the sidecar container's {@code SIDECAR_*} variables, in the order they are written
 * @param tokenSecret the Secret holding {@code vault_token}, mounted for the {@code token} method
 * @param keystoreSecret the Secret holding {@code keystore.json}, when derived keys are wanted
 * @param resources the sidecar container's requests and limits
 */
record InjectionSettings(
    String image,
    boolean nativeSidecar,
    Optional<List<String>> appContainers,
    AuthMethod authMethod,
    SequencedMap<String, String> env,
    Optional<String> tokenSecret,
    Optional<String> keystoreSecret,
    Resources resources) {

  /** Kubernetes quantities, as written in the pod spec. */
  record Resources(String cpuRequest, String memoryRequest, Optional<String> cpuLimit, Optional<String> memoryLimit) {}
}
