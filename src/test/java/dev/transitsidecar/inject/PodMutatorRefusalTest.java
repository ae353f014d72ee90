package dev.transitsidecar.inject;

import static dev.transitsidecar.inject.Pods.container;
import static dev.transitsidecar.inject.Pods.injectToken;
import static dev.transitsidecar.inject.Pods.plus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.WebhookConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pods the webhook leaves alone (no patch at all) and those it denies, with a message naming the annotation. */
class PodMutatorRefusalTest {
  private static final PodMutator.Allowed UNCHANGED = new PodMutator.Allowed(new JsonArray());

  record Case(String name, JsonObject pod, String namespace, String messageStart, String messagePart) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> leftAlone() {
    JsonObject noAnnotations = Pods.withAnnotations(Map.of());
    noAnnotations.getJsonObject("metadata").remove("annotations");
    return Stream.of(
        new Case("no annotations map at all", noAnnotations, "apps", null, null),
        new Case("other annotations only", Pods.withAnnotations(Map.of("example.com/a", "b")), "apps", null, null),
        new Case("inject false", Pods.withAnnotations(Map.of("transit-sidecar.dev/inject", "false")), "apps", null,
            null),
        new Case("already injected (status annotation), even with a bad value", Pods.withAnnotations(plus(
            injectToken(), "transit-sidecar.dev/status", "injected", "transit-sidecar.dev/cache-ttl", "soon")), "apps",
            null, null),
        new Case("kube-system", Pods.withAnnotations(injectToken()), "kube-system", null, null),
        new Case("kube-public", Pods.withAnnotations(injectToken()), "kube-public", null, null));
  }

  static Stream<Case> denied() {
    return Stream.of(
        deny("cache-ttl", "soon", "\"soon\" is not a duration (use 500ms, 30s, 15m or 24h)"),
        deny("cache-ttl", "0s", "must be longer than zero"),
        deny("inject", "yes", "\"yes\" is not true or false"),
        deny("native-sidecar", "maybe", "is not true or false"),
        deny("vault-addr", "vault:8200", "is not an absolute http(s) URI"),
        deny("auth-method", "ldap", "is not one of token | kubernetes | approle"),
        deny("auth-method", "approle", "approle is not injected"),
        deny("token-secret", "Vault_Token", "is not a Secret name"),
        deny("keystore-secret", "ks/../x", "is not a Secret name"),
        deny("transit-mount", "../sys", "is not a valid name"),
        deny("transit-key", "a..b", "is not a valid name"),
        deny("containers", "missing", "no container named \"missing\" in the pod (it has app)"),
        deny("containers", " , ", "must name at least one container"),
        deny("memory-limit", "lots", "is not a Kubernetes quantity"),
        deny("cpu-request", "-1", "is not a Kubernetes quantity"),
        deny("image", "bad image", "is not an image reference"),
        deny("cache-tll", "15m", "unknown annotation"),
        new Case("token method without a token Secret", Pods.withAnnotations(Map.of("transit-sidecar.dev/inject",
            "true")), "apps", "transit-sidecar.dev/token-secret:", "required when auth-method is token"),
        new Case("kubernetes method without a role", Pods.withAnnotations(Map.of("transit-sidecar.dev/inject", "true",
            "transit-sidecar.dev/auth-method", "kubernetes")), "apps", "transit-sidecar.dev/role:", "required"),
        new Case("kubernetes method without a service-account token", Pods.withAnnotations(Map.of(
            "transit-sidecar.dev/inject", "true", "transit-sidecar.dev/auth-method", "kubernetes",
            "transit-sidecar.dev/role", "k10")), "apps", "transit-sidecar.dev/auth-method:",
            "automountServiceAccountToken"),
        new Case("a container already named transit-sidecar", Pods.pod(injectToken(), new JsonArray()
            .add(container("app")).add(container("transit-sidecar"))), "apps", "the pod already has a container",
            "transit-sidecar"),
        new Case("a volume already named like the sidecar's", volumeClash(), "apps", "the pod already has a volume",
            "transit-sidecar-tmp"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("leftAlone")
  void mutate_podThatIsNotForUs_allowedWithoutPatch(Case c) {
    assertThat(PodMutator.mutate(c.pod(), c.namespace(), Pods.WEBHOOK)).isEqualTo(UNCHANGED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("denied")
  void mutate_invalidRequest_deniedWithAMessageNamingIt(Case c) {
    PodMutator.Result result = PodMutator.mutate(c.pod(), c.namespace(), Pods.WEBHOOK);

    assertThat(result).isInstanceOfSatisfying(PodMutator.Denied.class, denied -> assertThat(denied.message())
        .startsWith(c.messageStart()).contains(c.messagePart()).doesNotContain("\n"));
  }

  @Test
  void mutate_webhookDefaultsToNativeSidecar_injectsAnInitContainerUnlessThePodSaysFalse() {
    WebhookConfig nativeByDefault = new WebhookConfig(0, Pods.WEBHOOK.certFile(), Pods.WEBHOOK.keyFile(),
        Pods.WEBHOOK.image(), Pods.WEBHOOK.vaultAddress(), true);

    JsonArray byDefault = ((PodMutator.Allowed) PodMutator.mutate(Pods.withAnnotations(injectToken()), "apps",
        nativeByDefault)).patch();
    JsonArray optedOut = ((PodMutator.Allowed) PodMutator.mutate(Pods.withAnnotations(plus(injectToken(),
        "transit-sidecar.dev/native-sidecar", "false")), "apps", nativeByDefault)).patch();

    assertThat(PodMutatorTest.operations(byDefault)).first().isEqualTo("add /spec/initContainers");
    assertThat(PodMutatorTest.operations(optedOut)).first().isEqualTo("add /spec/containers/-");
  }

  @Test
  void mutate_annotationOfTheWrongJsonType_deniedAsMalformed() {
    JsonObject pod = Pods.withAnnotations(injectToken());
    pod.getJsonObject("metadata").getJsonObject("annotations").put("transit-sidecar.dev/cache-ttl", 15);

    assertThat(PodMutator.mutate(pod, "apps", Pods.WEBHOOK)).isInstanceOfSatisfying(PodMutator.Denied.class,
        denied -> assertThat(denied.message()).contains("malformed"));
  }

  private static Case deny(String annotation, String value, String part) {
    return new Case(annotation + ": " + value, Pods.withAnnotations(plus(injectToken(),
        "transit-sidecar.dev/" + annotation, value)), "apps", "transit-sidecar.dev/" + annotation + ":", part);
  }

  private static JsonObject volumeClash() {
    JsonObject pod = Pods.withAnnotations(injectToken());
    pod.getJsonObject("spec").put("volumes", new JsonArray().add(new JsonObject().put("name", "transit-sidecar-tmp")
        .put("emptyDir", new JsonObject())));
    return pod;
  }
}
