package dev.transitsidecar.kube;

import io.vertx.core.buffer.Buffer;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A kubeconfig, as kubectl reads it: one or more files (merged as kubectl merges {@code KUBECONFIG}: the first file
 * that sets {@code current-context} wins, and so does the first cluster, user or context of a name), then the given
 * or current context's cluster ({@code server}, {@code certificate-authority[-data]}, {@code insecure-skip-tls-verify})
 * and user ({@code token}, {@code tokenFile}, {@code client-certificate[-data]}, {@code client-key[-data]}) and
 * namespace. File paths in a file are relative to that file's folder. Credential plugins ({@code exec},
 * {@code auth-provider}) and basic auth are refused by name: give the user a token or a client certificate.
 */
final class Kubeconfig {
  private final List<Path> files;
  private final Map<String, Entry> clusters = new LinkedHashMap<>();
  private final Map<String, Entry> users = new LinkedHashMap<>();
  private final Map<String, Entry> contexts = new LinkedHashMap<>();
  private String currentContext;

  /** One named entry and the folder of the file it came from. */
  private record Entry(Map<?, ?> body, Path folder) {}

  private Kubeconfig(List<Path> files) {
    this.files = files;
  }

  static KubeConnection connection(List<Path> files, Optional<String> context) {
    Kubeconfig config = new Kubeconfig(files);
    for (Path file : files) {
      config.merge(file);
    }
    return config.resolve(context);
  }

  private void merge(Path file) {
    Object document;
    try {
      document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw problem("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    } catch (YAMLException e) {
      throw problem(file + " is not valid YAML");
    }
    if (document == null) {
      return;
    }
    if (!(document instanceof Map<?, ?> root)) {
      throw problem(file + " is not a kubeconfig (its top level is not a map)");
    }
    Path folder = file.toAbsolutePath().getParent();
    if (currentContext == null && root.get("current-context") instanceof String name && !name.isBlank()) {
      currentContext = name;
    }
    named(root, "clusters", "cluster", folder, clusters, file);
    named(root, "users", "user", folder, users, file);
    named(root, "contexts", "context", folder, contexts, file);
  }

  private static void named(Map<?, ?> root, String list, String field, Path folder, Map<String, Entry> into,
      Path file) {
    Object entries = root.get(list);
    if (entries == null) {
      return;
    }
    if (!(entries instanceof List<?> items)) {
      throw problem(file + ": " + list + " is not a list");
    }
    for (Object item : items) {
      if (!(item instanceof Map<?, ?> map) || !(map.get("name") instanceof String name)) {
        throw problem(file + ": an entry of " + list + " has no name");
      }
      Object body = map.get(field);
      into.putIfAbsent(name, new Entry(body instanceof Map<?, ?> b ? b : Map.of(), folder));
    }
  }

  private KubeConnection resolve(Optional<String> given) {
    String where = "kubeconfig " + String.join(":", files.stream().map(Path::toString).toList());
    if (clusters.isEmpty() && contexts.isEmpty() && users.isEmpty() && currentContext == null) {
      throw problem("no kubeconfig found at " + String.join(":", files.stream().map(Path::toString).toList()));
    }
    String name = given.or(() -> Optional.ofNullable(currentContext))
        .orElseThrow(() -> problem(where + " has no current-context"));
    Entry context = Optional.ofNullable(contexts.get(name))
        .orElseThrow(() -> problem(where + " has no context " + name));
    String source = where + ", context " + name;
    String clusterName = string(context, "cluster").orElseThrow(() -> problem(source + " names no cluster"));
    Entry cluster = Optional.ofNullable(clusters.get(clusterName))
        .orElseThrow(() -> problem(source + ": no cluster " + clusterName));
    Optional<String> userName = string(context, "user");
    Entry user = userName.map(u -> Optional.ofNullable(users.get(u))
        .orElseThrow(() -> problem(source + ": no user " + u))).orElse(new Entry(Map.of(), cluster.folder()));
    refuseUnsupported(user, source);
    URI server = string(cluster, "server").map(s -> uri(s, source))
        .orElseThrow(() -> problem(source + ": the cluster has no server"));
    boolean insecure = Boolean.TRUE.equals(cluster.body().get("insecure-skip-tls-verify"));
    return new KubeConnection(server,
        pem(cluster, "certificate-authority", source),
        pem(user, "client-certificate", source),
        pem(user, "client-key", source),
        token(user, source),
        string(context, "namespace").filter(ns -> !ns.isBlank()),
        insecure,
        source);
  }

  private static void refuseUnsupported(Entry user, String source) {
    for (String plugin : List.of("exec", "auth-provider")) {
      if (user.body().get(plugin) != null) {
        throw problem(source + ": the user gets its credentials from a " + plugin + " plugin, which transit-sidecar"
            + " does not run; use a kubeconfig whose user has a token or a client certificate");
      }
    }
    if (user.body().get("username") != null || user.body().get("password") != null) {
      throw problem(source + ": basic authentication (username, password) is not supported; use a token or a client"
          + " certificate");
    }
  }

  private static BearerToken token(Entry user, String source) {
    Optional<String> token = string(user, "token").filter(t -> !t.isBlank());
    if (token.isPresent()) {
      return BearerToken.of(token.get());
    }
    return string(user, "tokenFile").map(file -> BearerToken.file(user.folder().resolve(file)))
        .orElse(BearerToken.none());
  }

  /** {@code field-data} (base64 PEM) or {@code field} (a PEM file, relative to the kubeconfig's folder). */
  private static Optional<Buffer> pem(Entry entry, String field, String source) {
    Optional<String> data = string(entry, field + "-data").filter(d -> !d.isBlank());
    if (data.isPresent()) {
      try {
        return Optional.of(Buffer.buffer(Base64.getDecoder().decode(data.get().replaceAll("\\s", ""))));
      } catch (IllegalArgumentException e) {
        throw problem(source + ": " + field + "-data is not base64");
      }
    }
    Optional<String> file = string(entry, field).filter(f -> !f.isBlank());
    if (file.isEmpty()) {
      return Optional.empty();
    }
    Path path = entry.folder().resolve(file.get());
    try {
      return Optional.of(Buffer.buffer(Files.readAllBytes(path)));
    } catch (IOException e) {
      throw problem(source + ": cannot read " + field + " " + path + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Optional<String> string(Entry entry, String field) {
    return entry.body().get(field) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  private static URI uri(String server, String source) {
    try {
      return new URI(server.strip());
    } catch (URISyntaxException e) {
      throw problem(source + ": the server " + server + " is not a URL");
    }
  }

  /** The files {@code KUBECONFIG} names (colon-separated; empty entries skipped), else {@code ~/.kube/config}. */
  static List<Path> files(Map<String, String> env, Path home) {
    String list = env.getOrDefault("KUBECONFIG", "");
    List<Path> files = new ArrayList<>();
    for (String part : list.split(File.pathSeparator)) {
      if (!part.isBlank()) {
        files.add(Path.of(part.strip()));
      }
    }
    return files.isEmpty() ? List.of(home.resolve(".kube").resolve("config")) : files;
  }

  private static KubeException problem(String message) {
    return new KubeException(0, "", message);
  }
}
