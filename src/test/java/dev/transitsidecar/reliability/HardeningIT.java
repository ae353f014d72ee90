package dev.transitsidecar.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.transitsidecar.config.TransitConfig;
import dev.transitsidecar.devvault.DevVault;
import dev.transitsidecar.devvault.DevVaultOptions;
import dev.transitsidecar.devvault.TokenSpec;
import dev.transitsidecar.proxy.AllowList;
import dev.transitsidecar.proxy.PolicyHcl;
import dev.transitsidecar.testing.ChildLogs;
import dev.transitsidecar.testing.Http;
import dev.transitsidecar.testing.Http.Answer;
import dev.transitsidecar.testing.SecretLedger;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged sidecar hardens itself (memory/LockedMemory.hardenProcess): checked from outside, as the threat is,
 * with the sidecar running as the image's non-root user (65532) and holding a cached plaintext. Another process of
 * the same uid cannot read its {@code /proc/PID/mem}, while it can read an ordinary process of that uid (the control);
 * its soft core limit is 0 and its {@code /proc/PID} files belong to root (the kernel's mark of a non-dumpable
 * process); and crashed with SIGSEGV it writes no core file, while an ordinary process of that uid crashed with SIGABRT
 * does (the control). Before the crash root tries to raise the sidecar's core limit back to unlimited, so that only
 * the non-dumpable flag is left; where that is refused (no CAP_SYS_PTRACE) the report says so. It runs once per
 * {@code cache.memoryBackend} ({@code memfd_secret}, {@code mmap}), checks that the status names the backend, and has
 * root read the slab through {@code /proc/PID/mem}: the cached plaintext is there with {@code mmap}, the read fails
 * with {@code memfd_secret} (a kernel that refuses memfd_secret skips that run with its reason). Writes what it
 * checked, and on which kernel, to {@code 4-secrets-1-hardening-*}. Needs Linux,
 * root (to switch uid with util-linux setpriv) and prlimit; skipped with the reason otherwise.
 */
@Tag("reliability")
class HardeningIT {
  private static final int UID = 65532;
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

  @TempDir
  Path dir;

  private DevVault engine;
  private final List<Process> started = new ArrayList<>();
  private final List<List<Object>> rows = new ArrayList<>();

  @BeforeEach
  void preconditions() throws IOException {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "reads Linux's /proc");
    assumeTrue(Files.isExecutable(SETPRIV) && Files.isExecutable(PRLIMIT), "needs util-linux setpriv and prlimit");
    assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).contains("Uid:\t0\t0\t0\t0"),
        "runs as root only, to start the sidecar and the readers as uid " + UID);
    assumeTrue(Files.isRegularFile(Path.of("target/transit-sidecar.jar")), "target/transit-sidecar.jar is missing");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    engine = DevVault.start(Vertx.vertx(), DevVaultOptions.defaults().withTransitKeys(List.of("kasten"))).await();
    engine.putPolicy("transit-sidecar", PolicyHcl.generate(AllowList.of(new TransitConfig("transit",
        List.of("kasten")))));
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (engine != null) {
      engine.close().await();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memfd_secret", "mmap"})
  void sidecar_asNonRoot_memUnreadableBySameUid_coreLimitZero_andNoCoreFileOnACrash(String backend)
      throws Exception {
    String corePattern = Files.readString(Path.of("/proc/sys/kernel/core_pattern")).strip();
    Path cwd = Files.createDirectories(dir.resolve("sidecar-cwd"));
    Files.setPosixFilePermissions(cwd, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path crashLogs = ChildLogs.dir("HardeningIT-crash");
    Files.setPosixFilePermissions(crashLogs, PosixFilePermissions.fromString("rwxrwxrwx"));
    int port = freePort();
    Path log = ChildLogs.file("HardeningIT-sidecar-" + backend);
    Process sidecar = start(cwd, List.of(PRLIMIT.toString(), "--core=unlimited:unlimited", SETPRIV.toString(),
        "--reuid=" + UID, "--regid=" + UID, "--clear-groups", java(), "-XX:-UsePerfData",
        "-XX:ErrorFile=" + crashLogs.toAbsolutePath() + "/hs_err_pid%p.log", "-jar",
        Path.of("target/transit-sidecar.jar").toAbsolutePath().toString(), "run", "--config",
        writeConfig(port, backend).toString()), log);
    String base = "http://127.0.0.1:" + port;
    Http.eventually(Duration.ofSeconds(60), () -> {
      if (!sidecar.isAlive()) {
        String refused = refusal(log);
        assumeTrue(refused.isEmpty(), "the kernel (" + System.getProperty("os.version") + ") refuses memfd_secret: "
            + refused);
      }
      assertThat(sidecar.isAlive()).as("the sidecar runs").isTrue();
      return ready(base);
    });
    byte[] plaintext = holdACachedPlaintext(base);
    long pid = sidecar.pid();
    String chosen = Http.send(Http.request(base, "/sidecar/v1/status").header("X-Vault-Request", "true").GET()
        .build()).json().getJsonObject("memory").getString("backend");
    assertThat(chosen).as("the backend in the sidecar's status").isEqualTo(backend);
    rows.add(List.of("the backend in `/sidecar/v1/status` (cache.memoryBackend: " + backend + ")", chosen, "pass"));
    rootReadsTheSlab(pid, backend, plaintext);

    Object memOwner = Files.getAttribute(Path.of("/proc/" + pid + "/mem"), "unix:uid");
    String uid = statusLine(pid, "Uid:");
    assertThat(uid.split("\\s+")[1]).as("the sidecar's real uid (%s)", uid).isEqualTo(String.valueOf(UID));
    rows.add(List.of("the sidecar's uid (/proc/PID/status)", uid.replace('\t', ' '), "pass"));
    assertThat(memOwner).as("owner of /proc/PID/mem: root for a non-dumpable process").isEqualTo(0);
    rows.add(List.of("owner of the sidecar's /proc/PID/mem (root when not dumpable)", "uid " + memOwner, "pass"));

    String core = limitsLine(pid, "Max core file size");
    assertThat(core).as("the soft core limit").startsWith("Max core file size 0 ");
    rows.add(List.of("soft core limit (/proc/PID/limits), started with unlimited:unlimited", core, "pass"));

    Read sidecarRead = readMem(pid);
    assertThat(sidecarRead.exit()).as("a same-uid read of the sidecar's memory: %s", sidecarRead).isNotZero();
    assertThat(sidecarRead.error()).as("the refusal").containsAnyOf("Permission denied", "Operation not permitted");
    rows.add(List.of("uid " + UID + " reads 4 KiB of the sidecar's /proc/PID/mem (dd)", sidecarRead.error(),
        "pass: refused"));

    Process ordinary = start(cwd, List.of(PRLIMIT.toString(), "--core=unlimited:unlimited", SETPRIV.toString(),
        "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "sleep", "60"), ChildLogs.file("HardeningIT-sleep"));
    Http.eventually(Duration.ofSeconds(10), () -> statusLine(ordinary.pid(), "Name:").endsWith("sleep"));
    Object controlOwner = Files.getAttribute(Path.of("/proc/" + ordinary.pid() + "/mem"), "unix:uid");
    rows.add(List.of("control: owner of an ordinary `sleep`'s /proc/PID/mem", "uid " + controlOwner,
        controlOwner.equals(UID) ? "pass: its own uid" : "unexpected"));
    Read control = readMem(ordinary.pid());
    assertThat(control.exit()).as("the control: uid %d reads an ordinary process of its own: %s", UID, control)
        .isZero();
    assertThat(control.bytes()).isEqualTo(4096);
    rows.add(List.of("control: the same read of an ordinary `sleep` of uid " + UID, control.bytes() + " bytes read",
        "pass: allowed"));

    boolean observable = !corePattern.startsWith("|");
    Run raise = attempt(PRLIMIT.toString(), "--pid", Long.toString(pid), "--core=unlimited:unlimited");
    rows.add(List.of("root raises the sidecar's core limit again (prlimit --pid)", raise.exit() == 0
        ? limitsLine(pid, "Max core file size") : raise.output(), raise.exit() == 0
        ? "raised: only the non-dumpable flag is left" : "refused (no CAP_SYS_PTRACE here): the crash below meets "
        + "both the core limit 0 and the non-dumpable flag"));
    run("kill", "-SEGV", Long.toString(pid));
    assertThat(sidecar.waitFor(60, TimeUnit.SECONDS)).as("the sidecar died of SIGSEGV").isTrue();
    List<String> sidecarCores = cores(cwd);
    rows.add(List.of("kill -SEGV the sidecar (exit " + sidecar.exitValue() + ")", "core files in its working "
        + "folder: " + sidecarCores.size() + (observable ? "" : " (core_pattern pipes to a handler: not observable)"),
        observable ? "pass: no core" : "not observable"));

    run("kill", "-ABRT", Long.toString(ordinary.pid()));
    assertThat(ordinary.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<String> controlCores = new ArrayList<>(cores(cwd));
    controlCores.removeAll(sidecarCores);
    rows.add(List.of("control: kill -ABRT the ordinary `sleep` (exit " + ordinary.exitValue() + ")",
        "core files: " + controlCores.size(), controlCores.isEmpty() ? "no core here either" : "pass: dumped"));
    write(backend, corePattern, observable && !controlCores.isEmpty());

    assertThat(sidecar.exitValue()).as("SIGSEGV made the JVM abort").isNotZero();
    if (observable) {
      assertThat(sidecarCores).as("core files of the crashed sidecar (core_pattern %s)", corePattern).isEmpty();
      assumeTrue(!controlCores.isEmpty(), "an ordinary process wrote no core file either (core_pattern "
          + corePattern + "): the core-dump check proves nothing here");
    }
    for (String file : controlCores) {
      Files.deleteIfExists(cwd.resolve(file));
    }
  }

  private record Read(int exit, long bytes, String error) {}

  /** {@code dd} as uid 65532 reads one page at the first mapping of {@code pid} (the address found as root). */
  private Read readMem(long pid) throws Exception {
    String first = Files.readAllLines(Path.of("/proc/" + pid + "/maps")).getFirst();
    long address = Long.parseUnsignedLong(first.substring(0, first.indexOf('-')), 16);
    Path out = dir.resolve("read-" + pid + ".bin");
    Path err = dir.resolve("read-" + pid + ".err");
    Process dd = new ProcessBuilder(SETPRIV.toString(), "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "dd",
        "if=/proc/" + pid + "/mem", "bs=4096", "count=1", "skip=" + address / 4096, "status=none")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(dd.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Read read = new Read(dd.exitValue(), Files.size(out), Files.readString(err).strip());
    Files.delete(out);
    return read;
  }

  /** The one-line error of a sidecar that stopped because the kernel refused memfd_secret, or empty. */
  private static String refusal(Path log) {
    try {
      return Files.readAllLines(log).stream().filter(l -> l.contains("cache.memoryBackend is memfd_secret but"))
          .findFirst().orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Root (this JVM) reads the sidecar's slab through {@code /proc/PID/mem}: the mapping of the {@code memfd_secret}
   * file, or the anonymous data pages advised {@code MADV_WIPEONFORK} (no other mapping of the JVM has {@code wf}).
   * The sidecar is not dumpable and runs as another uid, so the read needs CAP_SYS_PTRACE; without it (a container's
   * default capabilities) both backends are refused alike and the comparison is skipped with the reason.
   */
  private void rootReadsTheSlab(long pid, String backend, byte[] plaintext) throws IOException {
    String caps = statusLine(ProcessHandle.current().pid(), "CapEff:").substring("CapEff:".length()).strip();
    if ((Long.parseUnsignedLong(caps, 16) & (1L << 19)) == 0) {
      String reason = "root here has no CAP_SYS_PTRACE (CapEff " + caps + "), so it cannot read a non-dumpable"
          + " process's memory with either backend; ProcMemTest makes the same comparison through /proc/self/mem";
      System.out.println("HardeningIT[" + backend + "]: root's read of the slab skipped: " + reason);
      rows.add(List.of("root reads the sidecar's slab through /proc/PID/mem", reason, "skipped"));
      return;
    }
    long[] slab = slabMapping(pid, backend);
    String what = "root reads the sidecar's slab (" + (slab[1] - slab[0]) / 1024 + " KiB) through /proc/PID/mem";
    try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
      mem.seek(slab[0]);
      byte[] read = new byte[Math.toIntExact(slab[1] - slab[0])];
      try {
        mem.readFully(read);
      } catch (IOException e) {
        assertThat(backend).as("a refused read of the slab: %s", e.getMessage()).isEqualTo("memfd_secret");
        assertThat(e.getMessage()).as("the refusal").containsAnyOf("Input/output error", "Bad address");
        rows.add(List.of(what, e.getMessage(), "pass: refused (memfd_secret)"));
        return;
      }
      boolean found = contains(read, plaintext);
      Arrays.fill(read, (byte) 0);
      assertThat(backend).as("the slab was readable by root").isEqualTo("mmap");
      assertThat(found).as("root's read of the mmap slab holds the cached plaintext").isTrue();
      rows.add(List.of(what, read.length + " bytes read, the cached plaintext among them",
          "pass: readable (mmap, the reason for memfd_secret)"));
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }

  /** {@code [start, end)} of the slab's data pages in {@code /proc/PID/smaps}, found as described above. */
  private static long[] slabMapping(long pid, String backend) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/smaps"));
    List<long[]> found = new ArrayList<>();
    String header = "";
    for (String line : lines) {
      if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
        header = line;
        if (backend.equals("memfd_secret") && line.contains("/secretmem")) {
          found.add(range(line));
        }
      } else if (backend.equals("mmap") && line.startsWith("VmFlags:")
          && List.of(line.substring(8).strip().split("\\s+")).containsAll(List.of("wf", "dd"))) {
        found.add(range(header));
      }
    }
    assertThat(found).as("the slab's mapping in /proc/%d/smaps", pid).hasSize(1);
    return found.getFirst();
  }

  private static long[] range(String mapping) {
    String[] bounds = mapping.substring(0, mapping.indexOf(' ')).split("-");
    return new long[] {Long.parseUnsignedLong(bounds[0], 16), Long.parseUnsignedLong(bounds[1], 16)};
  }

  private byte[] holdACachedPlaintext(String base) {
    byte[] plaintext = new byte[32];
    new SecureRandom().nextBytes(plaintext);
    SecretLedger.record(SecretLedger.Kind.PLAINTEXT, plaintext);
    String b64 = Base64.getEncoder().encodeToString(plaintext);
    Answer encrypted = Http.send(Http.request(engine.address(), "/v1/transit/encrypt/kasten")
        .header("X-Vault-Token", engine.rootToken())
        .POST(BodyPublishers.ofString(new JsonObject().put("plaintext", b64).encode())).build());
    String body = new JsonObject().put("ciphertext", encrypted.json().getJsonObject("data").getString("ciphertext"))
        .encode();
    for (int i = 0; i < 2; i++) {
      Answer decrypted = Http.send(Http.request(base, "/v1/transit/decrypt/kasten").header("X-Vault-Request", "true")
          .POST(BodyPublishers.ofString(body)).build());
      assertThat(decrypted.status()).as(decrypted.body()).isEqualTo(200);
    }
    return plaintext;
  }

  private void write(String backend, String corePattern, boolean controlDumped) throws Exception {
    String kernel = run("uname", "-r").strip();
    String suid = Files.readString(Path.of("/proc/sys/fs/suid_dumpable")).strip();
    ReliabilityReport.write("4-secrets-1-hardening-" + (backend.equals("mmap") ? "2-mmap" : "1-memfd-secret"),
        "### Core dumps and /proc/PID/mem, cache.memoryBackend: " + backend + "\n\n"
        + "The packaged jar (`run`) as uid " + UID + " (the image's user, via `setpriv`), started with a core limit "
        + "of unlimited, holding a cached plaintext; readers and the control process run as the same uid, as a "
        + "second process in the same container would. Kernel " + kernel + ", core_pattern `" + corePattern
        + "`, fs.suid_dumpable " + suid + ". Command: `mvn -B verify` (HardeningIT, as root).\n\n"
        + ReliabilityReport.table(List.of("check", "observed", "result"), new ArrayList<>(rows))
        + "\nTarget: the sidecar's memory is not readable by its own uid and no core file is written; the controls "
        + "show that the same read and the same dump succeed for an ordinary process; root, which may read a "
        + "non-dumpable process, reads the slab of an mmap sidecar and is refused by a memfd_secret one"
        + (controlDumped ? "." : " (here the control did not dump: the core-dump check is not conclusive).") + "\n");
  }

  private Process start(Path cwd, List<String> command, Path log) throws IOException {
    Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    started.add(p);
    return p;
  }

  private record Run(int exit, String output) {}

  private static Run attempt(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  private static String run(String... command) throws Exception {
    Run r = attempt(command);
    assertThat(r.exit()).as("%s: %s", String.join(" ", command), r.output()).isZero();
    return r.output();
  }

  private static List<String> cores(Path cwd) throws IOException {
    try (Stream<Path> files = Files.list(cwd)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("core")).sorted().toList();
    }
  }

  private static String statusLine(long pid, String prefix) {
    return procLine(Path.of("/proc/" + pid + "/status"), prefix);
  }

  private static String limitsLine(long pid, String prefix) {
    return procLine(Path.of("/proc/" + pid + "/limits"), prefix).replaceAll("\\s+", " ").strip();
  }

  private static String procLine(Path file, String prefix) {
    try {
      return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  private Path writeConfig(int port, String backend) throws IOException {
    Path tokenFile = Files.writeString(dir.resolve("vault-token"),
        engine.createToken(TokenSpec.of("transit-sidecar").withTtl(Duration.ofHours(1))));
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
    String yaml = """
        listen:
          address: 127.0.0.1
          port: %d
        vault:
          address: "%s"
        auth:
          method: token
          tokenFile: "%s"
        transit:
          mount: transit
          keys: [kasten]
        cache:
          memoryBackend: %s
        log:
          format: text
        """.formatted(port, engine.address(), tokenFile, backend);
    Path config = Files.writeString(dir.resolve("sidecar.yaml"), yaml);
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
    return config;
  }

  private static boolean ready(String base) {
    try {
      return Http.send(Http.request(base, "/readyz").GET().build()).status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
