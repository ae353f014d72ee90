package dev.transitsidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Process-wide effects, each in a JVM of its own ({@link MemoryProbe}): hardening (so this JVM stays dumpable for
 * jcmd-based tests) and real refused locks under a lowered RLIMIT_MEMLOCK without CAP_IPC_LOCK.
 */
class ForkedJvmTest {
  private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  record Run(int status, List<String> out, List<String> err) {}

  @BeforeEach
  void linuxOnly() {
    assumeTrue(Kernel.linux().isPresent(), "needs Linux");
  }

  @Test
  void hardenProcess_makesTheProcessNonDumpableWithASoftCoreLimitOfZero() throws Exception {
    Run run = probe(List.of(), "harden");
    assertThat(run.status()).isZero();
    assertThat(run.out()).containsExactly("dumpableBefore=1",
        "hardening=Hardening[nonDumpable=true, coreLimitZero=true]", "dumpable=0", "coreSoft=0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"memfd_secret", "mmap"})
  void required_within64KiBAndNoCapIpcLock_locksTheDefaultSlab(String backend) throws Exception {
    Run run = probe(withoutIpcLock(64 * 1024), "allocate", "required", backend);
    assumeTrue(!backend.equals("memfd_secret") || run.status() == 0, "the kernel refuses memfd_secret: "
        + String.join(" ", run.out()));
    assertThat(run.status()).as(String.join("\n", run.err())).isZero();
    assertThat(run.out()).contains("backend=" + backend, "locked=true",
        "vmLckKiB=" + LockedMemory.DEFAULT_CAPACITY / 1024);
    String flags = run.out().stream().filter(l -> l.startsWith("vmFlags=")).findFirst().orElseThrow();
    assertThat(flags.substring("vmFlags=".length()).split(" "))
        .contains(backend.equals("mmap") ? new String[] {"lo", "dd", "wf"} : new String[] {"lo", "dd", "dc"});
  }

  @Test
  void auto_memlockLimitZero_memfdSecretRefused_fallsBackToMmapWithOneInfoLine() throws Exception {
    Run run = probe(withoutIpcLock(0), "allocate", "off", "auto");
    assertThat(run.status()).as(String.join("\n", run.err())).isZero();
    assertThat(run.out()).contains("backend=mmap", "locked=false", "vmLckKiB=0");
    assertThat(run.err()).filteredOn(l -> l.contains("memfd_secret")).singleElement().asString()
        .contains("INFO").contains("memfd_secret is not available (")
        .containsAnyOf("EAGAIN: memfd_secret pages are locked and count against RLIMIT_MEMLOCK", "ENOSYS", "EPERM");
    assertThat(run.err()).noneMatch(l -> l.contains("WARN") || l.contains("ERROR"));
  }

  @Test
  void memfdSecret_memlockLimitZero_stopsWithOneLineThatNamesTheLimit() throws Exception {
    Run run = probe(withoutIpcLock(0), "allocate", "preferred", "memfd_secret");
    assertThat(run.status()).isEqualTo(3);
    assertThat(run.out()).singleElement().asString()
        .startsWith("error: cache.memoryBackend is memfd_secret but the kernel refused it (");
    assertThat(run.err()).noneMatch(l -> l.contains("\tat ") || l.contains("Exception"));
  }

  @Test
  void required_memlockLimitZero_stopsWithOneLineAndNoStackTrace() throws Exception {
    Run run = probe(withoutIpcLock(0), "allocate", "required");
    assertThat(run.status()).isEqualTo(3);
    assertThat(run.out()).singleElement().asString()
        .startsWith("error: cache.lockMemory is required but locking 32 KiB of secret memory failed (mlock: ")
        .contains("RLIMIT_MEMLOCK 0 KiB").contains("ulimit -l 64").contains("securityContext");
    assertThat(run.err()).noneMatch(l -> l.contains("\tat ") || l.contains("Exception"));
  }

  @Test
  void preferred_memlockLimitZero_warnsOnceAndRunsUnlocked() throws Exception {
    Run run = probe(withoutIpcLock(0), "allocate", "preferred");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("locked=false", "vmLckKiB=0");
    assertThat(run.err()).filteredOn(l -> l.contains("WARN")).singleElement().asString()
        .contains("secret memory is NOT locked").contains("RLIMIT_MEMLOCK 0 KiB");
  }

  /** Runs the probe under a memlock limit of {@code bytes}, without CAP_IPC_LOCK (which would bypass the limit). */
  private static List<String> withoutIpcLock(long bytes) throws IOException {
    assumeTrue(Files.isExecutable(PRLIMIT), "needs util-linux prlimit");
    List<String> prefix = new ArrayList<>(List.of(PRLIMIT.toString(), "--memlock=" + bytes + ":" + bytes));
    if (hasIpcLock()) {
      assumeTrue(Files.isExecutable(SETPRIV), "needs util-linux setpriv to drop CAP_IPC_LOCK");
      prefix.addAll(List.of(SETPRIV.toString(), "--bounding-set=-ipc_lock", "--inh-caps=-ipc_lock", "--"));
    }
    return prefix;
  }

  private static boolean hasIpcLock() throws IOException {
    String effective = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow().substring(7).trim();
    return (Long.parseUnsignedLong(effective, 16) & (1L << 14)) != 0;
  }

  private static Run probe(List<String> prefix, String... args) throws Exception {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
        MemoryProbe.class.getName()));
    command.addAll(List.of(args));
    Path err = Files.createTempFile("memory-probe", ".err");
    try {
      Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
      List<String> out = new String(process.getInputStream().readAllBytes()).lines().toList();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe JVM ends").isTrue();
      return new Run(process.exitValue(), out, Files.readAllLines(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
