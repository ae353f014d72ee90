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
 * The JVM options that start a child JVM on this test JVM's class path, fast: with an AOT cache (JDK 25), made by
 * the first child that exits normally and mapped by every later one. A cache may only name jars, so each class folder
 * (target/classes, target/test-classes) is packed once into a jar under {@code target/child-jvm/<this JVM's pid>/}
 * (test JVMs may run side by side), and the cache is made for those jars. A child killed with SIGKILL writes no
 * cache: the next child trains again.
 */
public final class ChildClassPath {
  private static final Path DIR = Path.of(System.getProperty("basedir", "."), "target", "child-jvm",
      Long.toString(ProcessHandle.current().pid()));
  private static final Path CACHE = DIR.resolve("children.aot");
  private static String classPath;

  private ChildClassPath() {}

  /** {@code -XX:AOTCache=...} once a child has made the cache, else {@code -XX:AOTCacheOutput=...}; then the class path. */
  public static synchronized List<String> options() {
    if (classPath == null) {
      classPath = jarred();
    }
    String cache = (Files.isRegularFile(CACHE) ? "-XX:AOTCache=" : "-XX:AOTCacheOutput=") + CACHE;
    return List.of(cache, "-cp", classPath);
  }

  private static String jarred() {
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
    return String.join(File.pathSeparator, entries);
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
