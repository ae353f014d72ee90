package dev.transitsidecar.inject;

import static dev.transitsidecar.inject.InjectedPodAssertions.assertSidecar;
import static dev.transitsidecar.inject.InjectedPodAssertions.assertVaultAddrIn;
import static dev.transitsidecar.inject.InjectedPodAssertions.env;
import static dev.transitsidecar.inject.InjectedPodAssertions.volume;
import static dev.transitsidecar.inject.Pods.container;
import static dev.transitsidecar.inject.Pods.injectToken;
import static dev.transitsidecar.inject.Pods.plus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transitsidecar.config.InjectionRule;
import dev.transitsidecar.config.WebhookConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pods that get the sidecar, as a table: the patch's operations (op and path, values ignored), then the patch
 * applied by zjsonpatch to the original pod, read into fabric8's Pod and checked; then the webhook run on its own
 * output, which must leave it alone.
 */
class PodMutatorTest {
  private static final String STATUS_OP = "add /metadata/annotations/transit-sidecar.dev~1status";

  record Case(String name, JsonObject pod, List<String> operations, List<String> vaultAddrIn, Consumer<Pod> check) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("token method; no volumes, env or initContainers arrays yet", Pods.withAnnotations(injectToken()),
            List.of("add /spec/containers/-", "add /spec/volumes", "add /spec/containers/0/env", STATUS_OP),
            List.of("app"), PodMutatorTest::tokenVolumeMounted),
        new Case("native sidecar; no initContainers array yet",
            Pods.withAnnotations(plus(injectToken(), "transit-sidecar.dev/native-sidecar", "true")),
            List.of("add /spec/initContainers", "add /spec/volumes", "add /spec/containers/0/env", STATUS_OP),
            List.of("app"), PodMutatorTest::nativeFirst),
        new Case("native sidecar; goes before the existing init containers", withInit(), List.of(
            "add /spec/initContainers/0", "add /spec/volumes", "add /spec/containers/0/env", STATUS_OP),
            List.of("app"), pod -> {
              nativeFirst(pod);
              assertThat(pod.getSpec().getInitContainers()).extracting(Container::getName)
                  .containsExactly("transit-sidecar", "migrate");
            }),
        new Case("existing volumes and env; VAULT_ADDR replaced where it stands", withVaultAddr(), List.of(
            "add /spec/containers/-", "add /spec/volumes/-", "add /spec/volumes/-", "replace /spec/containers/0/env/1",
            STATUS_OP), List.of("app"), pod -> {
              assertThat(pod.getSpec().getContainers().get(0).getEnv()).extracting("name")
                  .containsExactly("FOO", "VAULT_ADDR", "BAR");
              assertThat(pod.getSpec().getVolumes()).extracting("name").startsWith("data");
            }),
        new Case("VAULT_ADDR from a ConfigMap becomes a plain value", withVaultAddrFrom(), null, List.of("app"),
            pod -> { }),
        new Case("created from generateName, with no name yet", generateName(), null, List.of("app"), pod -> {
          assertThat(pod.getMetadata().getName()).isNull();
          assertThat(pod.getMetadata().getGenerateName()).isEqualTo("k10-crypto-");
        }),
        new Case("several app containers; containers selects one", several("b"), List.of("add /spec/containers/-",
            "add /spec/volumes", "add /spec/containers/1/env", STATUS_OP), List.of("b"), pod -> { }),
        new Case("several app containers; containers selects two, spaced", several(" a , c"), List.of(
            "add /spec/containers/-", "add /spec/volumes", "add /spec/containers/0/env", "add /spec/containers/2/env",
            STATUS_OP), List.of("a", "c"), pod -> { }),
        new Case("several app containers; all by default", several(null), null, List.of("a", "b", "c"), pod -> { }),
        new Case("other annotations with / in their keys are kept", Pods.withAnnotations(plus(injectToken(),
            "example.com/owner", "team~a/b")), null, List.of("app"), pod -> assertThat(
                pod.getMetadata().getAnnotations()).containsEntry("example.com/owner", "team~a/b")),
        new Case("kubernetes auth; the service-account mount is copied", kubernetesAuth(), null, List.of("app"),
            PodMutatorTest::serviceAccountCopied),
        new Case("keystore Secret and Transit keys", Pods.withAnnotations(plus(injectToken(),
            "transit-sidecar.dev/keystore-secret", "k10-keystore", "transit-sidecar.dev/transit-key", "k10,other")),
            null, List.of("app"), PodMutatorTest::keystoreMounted),
        new Case("every container and sidecar setting", everySetting(), null, List.of("app"),
            PodMutatorTest::settingsApplied));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mutate_podAskingForTheSidecar_patchInjectsItAndApplyingAgainChangesNothing(Case c) {
    PodMutator.Result result = PodMutator.mutate(c.pod(), "apps", Pods.WEBHOOK);

    assertThat(result).isInstanceOf(PodMutator.Allowed.class);
    JsonArray patch = ((PodMutator.Allowed) result).patch();
    if (c.operations() != null) {
      assertThat(operations(patch)).containsExactlyElementsOf(c.operations());
    }
    JsonObject patched = Pods.apply(patch, c.pod());
    Pod pod = Pods.typed(patched);
    assertSidecar(pod);
    assertVaultAddrIn(pod, c.vaultAddrIn());
    c.check().accept(pod);
    assertThat(PodMutator.mutate(patched, "apps", Pods.WEBHOOK)).isEqualTo(new PodMutator.Allowed(new JsonArray()));
  }

  static List<String> operations(JsonArray patch) {
    return patch.stream().map(JsonObject.class::cast).map(op -> op.getString("op") + " " + op.getString("path"))
        .toList();
  }

  private static Container sidecar(Pod pod) {
    return Stream.concat(pod.getSpec().getContainers().stream(), pod.getSpec().getInitContainers().stream())
        .filter(c -> c.getName().equals("transit-sidecar")).findFirst().orElseThrow();
  }

  private static void tokenVolumeMounted(Pod pod) {
    Container sidecar = sidecar(pod);
    assertThat(sidecar.getRestartPolicy()).isNull();
    assertThat(volume(pod, "transit-sidecar-token").getSecret().getSecretName()).isEqualTo("vault-token");
    assertThat(volume(pod, "transit-sidecar-token").getSecret().getItems()).singleElement()
        .satisfies(item -> assertThat(item.getKey()).isEqualTo("vault_token"));
    assertThat(sidecar.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getName()).isEqualTo("transit-sidecar-token");
      assertThat(m.getMountPath()).isEqualTo("/vault/secrets");
      assertThat(m.getReadOnly()).isTrue();
    });
    assertThat(env(sidecar)).containsEntry("SIDECAR_AUTH_METHOD", "token")
        .containsEntry("SIDECAR_AUTH_TOKEN_FILE", "/vault/secrets/vault_token")
        .containsEntry("SIDECAR_VAULT_ADDRESS", "https://vault.vault.svc:8200")
        .as("an ordinary sidecar stops with the app: it keeps the default shutdown grace")
        .doesNotContainKey("SIDECAR_LISTEN_SHUTDOWN_GRACE");
    assertThat(sidecar.getImage()).isEqualTo("registry.example/transit-sidecar:1.0");
    assertThat(sidecar.getResources().getRequests()).containsOnlyKeys("cpu", "memory");
    assertThat(sidecar.getResources().getRequests().get("cpu").toString()).isEqualTo("50m");
    assertThat(sidecar.getResources().getRequests().get("memory").toString()).isEqualTo("128Mi");
  }

  private static void nativeFirst(Pod pod) {
    Container first = pod.getSpec().getInitContainers().get(0);
    assertThat(first.getName()).isEqualTo("transit-sidecar");
    assertThat(first.getRestartPolicy()).isEqualTo("Always");
    assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("app");
    assertThat(env(first)).as("a native sidecar is stopped after the app: no grace")
        .containsEntry("SIDECAR_LISTEN_SHUTDOWN_GRACE", "0s");
  }

  private static void serviceAccountCopied(Pod pod) {
    Container sidecar = sidecar(pod);
    assertThat(sidecar.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getName()).isEqualTo("kube-api-access-x1");
      assertThat(m.getMountPath()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
      assertThat(m.getReadOnly()).isTrue();
    });
    assertThat(pod.getSpec().getVolumes()).extracting("name").doesNotContain("transit-sidecar-token");
    assertThat(env(sidecar)).containsEntry("SIDECAR_AUTH_METHOD", "kubernetes")
        .containsEntry("SIDECAR_AUTH_KUBERNETES_ROLE", "k10").doesNotContainKey("SIDECAR_AUTH_TOKEN_FILE");
  }

  private static void keystoreMounted(Pod pod) {
    Container sidecar = sidecar(pod);
    assertThat(volume(pod, "transit-sidecar-keystore").getSecret().getSecretName()).isEqualTo("k10-keystore");
    assertThat(sidecar.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath())
        .isEqualTo("/etc/transit-sidecar/keystore"));
    assertThat(env(sidecar)).containsEntry("SIDECAR_KEYSTORE_FILE", "/etc/transit-sidecar/keystore/keystore.json")
        .containsEntry("SIDECAR_KEYSTORE_TRANSIT_KEY", "k10").containsEntry("SIDECAR_TRANSIT_KEYS", "k10,other");
  }

  private static void settingsApplied(Pod pod) {
    Container sidecar = sidecar(pod);
    assertThat(sidecar.getImage()).isEqualTo("mirror.example/ts:2");
    assertThat(env(sidecar)).containsEntry("SIDECAR_VAULT_ADDRESS", "https://vault.example:8200")
        .containsEntry("SIDECAR_TRANSIT_MOUNT", "kasten-transit").containsEntry("SIDECAR_CACHE_TTL", "1h30m");
    assertThat(sidecar.getResources().getRequests().get("cpu").toString()).isEqualTo("100m");
    assertThat(sidecar.getResources().getRequests().get("memory").toString()).isEqualTo("128Mi");
    assertThat(sidecar.getResources().getLimits().get("cpu").toString()).isEqualTo("1");
    assertThat(sidecar.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
  }

  private static JsonObject withInit() {
    JsonObject pod = Pods.withAnnotations(plus(injectToken(), "transit-sidecar.dev/native-sidecar", "true"));
    pod.getJsonObject("spec").put("initContainers", new JsonArray().add(container("migrate")));
    return pod;
  }

  private static JsonObject withVaultAddr() {
    JsonObject app = container("app").put("env", new JsonArray().add(Pods.env("FOO", "1"))
        .add(Pods.env("VAULT_ADDR", "https://vault.vault.svc:8200")).add(Pods.env("BAR", "2")));
    JsonObject pod = Pods.pod(injectToken(), new JsonArray().add(app));
    pod.getJsonObject("spec").put("volumes", new JsonArray().add(new JsonObject().put("name", "data")
        .put("emptyDir", new JsonObject())));
    return pod;
  }

  private static JsonObject withVaultAddrFrom() {
    JsonObject fromConfigMap = new JsonObject().put("name", "VAULT_ADDR").put("valueFrom", new JsonObject()
        .put("configMapKeyRef", new JsonObject().put("name", "k10-config").put("key", "vault_addr")));
    return Pods.pod(injectToken(), new JsonArray().add(container("app").put("env", new JsonArray().add(fromConfigMap))));
  }

  private static JsonObject generateName() {
    JsonObject pod = Pods.withAnnotations(injectToken());
    pod.getJsonObject("metadata").remove("name");
    pod.getJsonObject("metadata").remove("namespace");
    pod.getJsonObject("metadata").put("generateName", "k10-crypto-");
    return pod;
  }

  private static JsonObject several(String containers) {
    var annotations = containers == null ? injectToken()
        : plus(injectToken(), "transit-sidecar.dev/containers", containers);
    return Pods.pod(annotations, new JsonArray().add(container("a")).add(container("b")).add(container("c")));
  }

  static JsonObject kubernetesAuth() {
    JsonObject mount = new JsonObject().put("name", "kube-api-access-x1")
        .put("mountPath", "/var/run/secrets/kubernetes.io/serviceaccount").put("readOnly", true);
    JsonObject pod = Pods.pod(java.util.Map.of("transit-sidecar.dev/inject", "true", "transit-sidecar.dev/auth-method",
        "kubernetes", "transit-sidecar.dev/role", "k10"), new JsonArray().add(container("app")
        .put("volumeMounts", new JsonArray().add(mount))));
    pod.getJsonObject("spec").put("volumes", new JsonArray().add(new JsonObject().put("name", "kube-api-access-x1")
        .put("projected", new JsonObject().put("sources", new JsonArray()))));
    return pod;
  }

  private static JsonObject everySetting() {
    return Pods.withAnnotations(plus(injectToken(), "transit-sidecar.dev/vault-addr", "https://vault.example:8200",
        "transit-sidecar.dev/transit-mount", "kasten-transit", "transit-sidecar.dev/cache-ttl", "1h30m",
        "transit-sidecar.dev/image", "mirror.example/ts:2", "transit-sidecar.dev/cpu-request", "100m",
        "transit-sidecar.dev/memory-request", "128Mi", "transit-sidecar.dev/cpu-limit", "1",
        "transit-sidecar.dev/memory-limit", "256Mi"));
  }
  /** The webhook with one injection rule: kasten-io's pods labelled component=crypto, Kubernetes auth, role k10. */
  static final WebhookConfig WITH_RULE = new WebhookConfig(0, Pods.WEBHOOK.certFile(), Pods.WEBHOOK.keyFile(),
      Pods.WEBHOOK.image(), Pods.WEBHOOK.vaultAddress(), false, List.of(new InjectionRule("k10-crypto", "kasten-io",
          Map.of("component", "crypto"), Map.of("auth-method", "kubernetes", "role", "k10", "transit-key", "kasten"))));

  /** A pod of the injection rules' table: where it is created, its labels and own annotations, and what happens. */
  record RuleCase(String name, String namespace, Map<String, String> labels, Map<String, String> annotations,
      Consumer<PodMutator.Result> expect) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<RuleCase> ruleCases() {
    Map<String, String> crypto = Map.of("component", "crypto", "release", "k10");
    return Stream.of(
        new RuleCase("matched, no annotations: injected with the rule's values", "kasten-io", crypto, Map.of(),
            injectedWith("SIDECAR_AUTH_KUBERNETES_ROLE", "k10", "SIDECAR_TRANSIT_KEYS", "kasten")),
        new RuleCase("matched, an own annotation wins over the rule's", "kasten-io", crypto,
            Map.of("transit-sidecar.dev/role", "k10-other"), injectedWith("SIDECAR_AUTH_KUBERNETES_ROLE", "k10-other",
                "SIDECAR_TRANSIT_KEYS", "kasten")),
        new RuleCase("matched, own inject=false opts out", "kasten-io", crypto,
            Map.of("transit-sidecar.dev/inject", "false"), unchanged()),
        new RuleCase("matched, already injected", "kasten-io", crypto,
            Map.of("transit-sidecar.dev/status", "injected"), unchanged()),
        new RuleCase("matched, an own value the sidecar refuses is denied by name", "kasten-io", crypto,
            Map.of("transit-sidecar.dev/cache-ttl", "soon"), deniedNaming("transit-sidecar.dev/cache-ttl")),
        new RuleCase("the labels in another namespace", "default", crypto, Map.of(), unchanged()),
        new RuleCase("the namespace, other labels", "kasten-io", Map.of("component", "catalog"), Map.of(),
            unchanged()),
        new RuleCase("the namespace, no labels", "kasten-io", Map.of(), Map.of(), unchanged()),
        new RuleCase("not matched but annotated itself: injected from its annotations", "default", Map.of(),
            Pods.injectToken(), injectedWith("SIDECAR_AUTH_METHOD", "token")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleCases")
  void mutate_injectionRules_podsTheRuleNamesAreTreatedAsAnnotated(RuleCase c) {
    JsonObject pod = kubernetesAuth();
    pod.getJsonObject("metadata").put("namespace", c.namespace())
        .put("labels", new JsonObject(new java.util.HashMap<String, Object>(c.labels())))
        .put("annotations", new JsonObject(new java.util.HashMap<String, Object>(c.annotations())));

    PodMutator.Result result = PodMutator.mutate(pod, c.namespace(), WITH_RULE);

    c.expect().accept(result);
    if (result instanceof PodMutator.Allowed allowed && !allowed.patch().isEmpty()) {
      JsonObject patched = Pods.apply(allowed.patch(), pod);
      assertSidecar(Pods.typed(patched));
      assertThat(PodMutator.mutate(patched, c.namespace(), WITH_RULE)).isEqualTo(new PodMutator.Allowed(
          new JsonArray()));
    }
  }

  private static Consumer<PodMutator.Result> injectedWith(String... env) {
    return result -> {
      assertThat(result).isInstanceOf(PodMutator.Allowed.class);
      JsonArray patch = ((PodMutator.Allowed) result).patch();
      assertThat(patch).isNotEmpty();
      JsonObject sidecar = patch.stream().map(JsonObject.class::cast)
          .filter(op -> op.getString("path").equals("/spec/containers/-")).findFirst().orElseThrow()
          .getJsonObject("value");
      Map<String, String> vars = new java.util.HashMap<>();
      sidecar.getJsonArray("env").forEach(e -> vars.put(((JsonObject) e).getString("name"),
          ((JsonObject) e).getString("value")));
      for (int i = 0; i < env.length; i += 2) {
        assertThat(vars).containsEntry(env[i], env[i + 1]);
      }
    };
  }

  private static Consumer<PodMutator.Result> unchanged() {
    return result -> assertThat(result).isEqualTo(new PodMutator.Allowed(new JsonArray()));
  }

  private static Consumer<PodMutator.Result> deniedNaming(String annotation) {
    return result -> assertThat(result).isInstanceOfSatisfying(PodMutator.Denied.class,
        d -> assertThat(d.message()).startsWith(annotation + ": "));
  }
}
