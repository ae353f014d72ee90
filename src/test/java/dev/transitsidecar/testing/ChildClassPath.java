package dev.transitsidecar.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * This test JVM's class path for a child JVM that starts fast from a JDK 25 AOT cache. A cache may only name jars, so
 * each class folder (target/classes, target/test-classes) is packed once into a jar under
 * {@code target/child-jvm/<this JVM's pid>/} (test JVMs run side by side); a training child started with
 * {@link #training()} writes the cache there when it exits (a child killed with SIGKILL writes none), and every child
 * started with {@link #options()} after that maps it.
 */
public final class ChildClassPath {
  private static final Path DIR = Path.of(System.getProperty("basedir", "."), "target", "child-jvm",
      Long.toString(ProcessHandle.current().pid()));
  private static final Path CACHE = DIR.resolve("children.aot");
  private static String classPath;

  private ChildClassPath() {}

  /** {@code -XX:AOTCache=...} once a training child has written the cache, then {@code -cp} and the class path. */
  public static List<String> options() {
    String cp = classPath();
    return Files.isRegularFile(CACHE) ? List.of("-XX:AOTCache=" + CACHE, "-cp", cp) : List.of("-cp", cp);
  }

  /** The options of the training child: {@code -XX:AOTCacheOutput=...}, then {@code -cp} and the class path. */
  public static List<String> training() {
    return List.of("-XX:AOTCacheOutput=" + CACHE, "-cp", classPath());
  }

  private static synchronized String classPath() {
    if (classPath == null) {
      List<String> entries = new ArrayList<>();
      try {
        Files.createDirectories(DIR);
        Files.deleteIfExists(CACHE);
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
          Path path = Path.of(entry);
          entries.add(Files.isDirectory(path) ? jar(path, DIR.resolve(path.getFileName() + ".jar")).toString() : entry);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      classPath = String.join(File.pathSeparator, entries);
    }
    return classPath;
  }

  private static Path jar(Path classes, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
        Files.copy(file, (OutputStream) out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
