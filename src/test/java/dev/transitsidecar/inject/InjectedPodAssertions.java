package dev.transitsidecar.inject;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What every injected pod must show, read from fabric8's typed model. */
final class InjectedPodAssertions {
  private InjectedPodAssertions() {}

  /** The sidecar: present once, with its probes, its settings and the restricted security context. */
  static Container assertSidecar(Pod pod) {
    List<Container> all = Stream.concat(pod.getSpec().getContainers().stream(),
        Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of()).stream()).toList();
    assertThat(all).filteredOn(c -> c.getName().equals("transit-sidecar")).hasSize(1);
    Container sidecar = all.stream().filter(c -> c.getName().equals("transit-sidecar")).findFirst().orElseThrow();
    assertThat(sidecar.getAdditionalProperties()).as("fields Kubernetes does not know").isEmpty();
    assertThat(sidecar.getArgs()).containsExactly("run");
    assertThat(sidecar.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("ts-health");
      assertThat(p.getContainerPort()).isEqualTo(8299);
    });
    assertThat(sidecar.getStartupProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(sidecar.getStartupProbe().getHttpGet().getPort().getStrVal()).isEqualTo("ts-health");
    assertThat(sidecar.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(env(sidecar)).containsEntry("SIDECAR_LISTEN_HEALTH_PORT", "8299")
        .containsEntry("SIDECAR_LOG_FORMAT", "json")
        .containsEntry("JAVA_TOOL_OPTIONS", String.join(" ", JvmOptions.LIST))
        .containsEntry("MALLOC_ARENA_MAX", JvmOptions.MALLOC_ARENAS)
        .doesNotContainKey("SIDECAR_LISTEN_UNIX_SOCKET");
    assertRestricted(sidecar.getSecurityContext());
    assertMountsExist(pod, sidecar);
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("transit-sidecar.dev/status", "injected");
    return sidecar;
  }

  static void assertRestricted(SecurityContext context) {
    assertThat(context.getAdditionalProperties()).isEmpty();
    assertThat(context.getRunAsNonRoot()).isTrue();
    assertThat(context.getRunAsUser()).isEqualTo(65532L);
    assertThat(context.getReadOnlyRootFilesystem()).isTrue();
    assertThat(context.getAllowPrivilegeEscalation()).isFalse();
    assertThat(context.getPrivileged()).isFalse();
    assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
  }

  /** Each of the sidecar's mounts names a volume of the pod, and the pod's volume names are unique. */
  static void assertMountsExist(Pod pod, Container sidecar) {
    List<String> volumes = pod.getSpec().getVolumes().stream().map(Volume::getName).toList();
    assertThat(volumes).doesNotHaveDuplicates();
    assertThat(sidecar.getVolumeMounts()).allSatisfy(m -> assertThat(volumes).contains(m.getName()));
    assertThat(sidecar.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getMountPath()).isEqualTo("/tmp");
      assertThat(volume(pod, m.getName()).getEmptyDir().getMedium()).isEqualTo("Memory");
    });
  }

  /** {@code VAULT_ADDR} is the sidecar, exactly once, in these app containers, and absent from the others. */
  static void assertVaultAddrIn(Pod pod, List<String> names) {
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getName().equals("transit-sidecar")) {
        continue;
      }
      List<EnvVar> vaultAddr = Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
          .filter(e -> e.getName().equals("VAULT_ADDR")).toList();
      if (names.contains(c.getName())) {
        assertThat(vaultAddr).as(c.getName()).singleElement().satisfies(e -> {
          assertThat(e.getValue()).isEqualTo("http://127.0.0.1:8200");
          assertThat(e.getValueFrom()).isNull();
        });
      } else {
        assertThat(vaultAddr).as(c.getName()).isEmpty();
      }
    }
  }

  static Map<String, String> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName,
        e -> Optional.ofNullable(e.getValue()).orElse("<valueFrom>")));
  }

  static Volume volume(Pod pod, String name) {
    return pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }
}
