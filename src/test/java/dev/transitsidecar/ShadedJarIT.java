package dev.transitsidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, as the image ships it: at most 12 MB, Netty's epoll transport as its only native library (Linux
 * x86_64 and aarch64), no class that only a test-scope artifact has (MockServer's OpenSSL and QUIC libraries came in
 * that way), and Bouncy Castle cut down to what the keystore's Argon2 needs, still computing what the full library
 * does.
 */
class ShadedJarIT {
  private static final Path JAR = Path.of("target/transit-sidecar.jar");
  private static final long MAX_BYTES = 12_000_000;

  @Test
  void size_atMost12MB() throws IOException {
    assertThat(Files.size(JAR)).as("size of %s in bytes", JAR).isLessThanOrEqualTo(MAX_BYTES);
  }

  @Test
  void nativeLibraries_onlyNettyEpollForLinuxX8664AndAarch64() throws IOException {
    assertThat(entries().filter(ShadedJarIT::isNativeLibrary).toList()).containsExactlyInAnyOrder(
        "META-INF/native/libnetty_transport_native_epoll_x86_64.so",
        "META-INF/native/libnetty_transport_native_epoll_aarch_64.so");
  }

  @Test
  void classes_noneThatOnlyATestScopeArtifactHas() throws IOException {
    Set<String> runtime = new HashSet<>();
    for (String jar : classpath(Files.readString(Path.of("target/runtime.classpath")).strip())) {
      runtime.addAll(classEntries(jar));
    }
    Set<String> testOnly = new HashSet<>();
    for (String jar : classpath(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")))) {
      // Failsafe puts the packaged jar itself on the test classpath; the others are the dependencies' jars.
      if (jar.endsWith(".jar") && !Path.of(jar).toAbsolutePath().startsWith(JAR.toAbsolutePath().getParent())) {
        classEntries(jar).stream().filter(c -> !runtime.contains(c)).forEach(testOnly::add);
      }
    }
    assertThat(testOnly).as("classes of test-scope artifacts").contains(
        "org/mockserver/netty/MockServer.class", "org/junit/jupiter/api/Test.class",
        "io/netty/internal/tcnative/SSL.class");

    assertThat(entries().filter(testOnly::contains).toList()).as("test-only classes in %s", JAR).isEmpty();
  }

  @Test
  void bouncyCastle_onlyWhatArgon2Needs_andItComputesAsTheFullLibrary() throws Exception {
    assertThat(entries().filter(e -> e.startsWith("org/bouncycastle/") && e.endsWith(".class")).count())
        .as("Bouncy Castle classes in the jar (the full provider has about 6,000)").isBetween(20L, 1_000L);
    assertThat(entries()).doesNotContain("org/bouncycastle/jce/provider/BouncyCastleProvider.class");

    byte[] password = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    byte[] expected = new byte[32];
    Argon2BytesGenerator full = new Argon2BytesGenerator();
    full.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withSalt(salt).withMemoryAsKB(1024)
        .withIterations(2).withParallelism(1).build());
    full.generateBytes(password, expected);

    try (URLClassLoader shaded = new URLClassLoader(new URL[] {JAR.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      Class<?> parameters = shaded.loadClass("org.bouncycastle.crypto.params.Argon2Parameters");
      Class<?> builderClass = shaded.loadClass("org.bouncycastle.crypto.params.Argon2Parameters$Builder");
      Object builder = builderClass.getConstructor(int.class).newInstance(Argon2Parameters.ARGON2_id);
      builder = builderClass.getMethod("withSalt", byte[].class).invoke(builder, (Object) salt);
      builder = builderClass.getMethod("withMemoryAsKB", int.class).invoke(builder, 1024);
      builder = builderClass.getMethod("withIterations", int.class).invoke(builder, 2);
      builder = builderClass.getMethod("withParallelism", int.class).invoke(builder, 1);
      Object built = builderClass.getMethod("build").invoke(builder);
      Class<?> generatorClass = shaded.loadClass("org.bouncycastle.crypto.generators.Argon2BytesGenerator");
      assertThat(generatorClass.getClassLoader()).isSameAs(shaded);
      Object generator = generatorClass.getConstructor().newInstance();
      generatorClass.getMethod("init", parameters).invoke(generator, built);
      byte[] actual = new byte[32];
      Method generate = generatorClass.getMethod("generateBytes", byte[].class, byte[].class);
      generate.invoke(generator, password, actual);

      assertThat(actual).isEqualTo(expected);
    }
  }

  private static boolean isNativeLibrary(String entry) {
    return Stream.of(".so", ".dll", ".dylib", ".jnilib").anyMatch(entry::endsWith) || entry.contains(".so.");
  }

  private static Stream<String> entries() throws IOException {
    return entryNames(JAR.toString());
  }

  private static List<String> classpath(String value) {
    return Arrays.stream(value.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
  }

  private static Set<String> classEntries(String jar) throws IOException {
    try (Stream<String> entries = entryNames(jar)) {
      return new HashSet<>(entries.filter(e -> e.endsWith(".class")).toList());
    }
  }

  private static Stream<String> entryNames(String jar) throws IOException {
    try (JarFile file = new JarFile(jar)) {
      return file.stream().map(ZipEntry::getName).toList().stream();
    }
  }
}
