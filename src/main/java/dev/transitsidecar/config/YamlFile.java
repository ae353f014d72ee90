package dev.transitsidecar.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the YAML file through vertx-config's {@code yaml} file store, once (no rescans). Every
 * failure becomes one problem line naming the file; never a parser dump or a stack trace.
 */
final class YamlFile {
  private YamlFile() {}

  /**
   * The document as a JSON object: empty when the default file is absent or the file holds no YAML
   * document at all (vertx-config fails on those). Fails with an {@link InvalidConfigException}.
   */
  static Future<JsonObject> read(Vertx vertx, Optional<Path> given, Path defaultFile) {
    Path path = given.orElse(defaultFile).toAbsolutePath();
    return vertx.fileSystem().readFile(path.toString())
        .transform(read -> read.succeeded()
            ? parse(vertx, path, read.result())
            : unreadable(given, path, rootCause(read.cause())));
  }

  private static Future<JsonObject> parse(Vertx vertx, Path path, Buffer content) {
    boolean noDocument = content.toString(StandardCharsets.UTF_8).lines()
        .map(String::strip)
        .allMatch(line -> line.isEmpty() || line.startsWith("#") || line.matches("---|\\.\\.\\."));
    return noDocument ? Future.succeededFuture(new JsonObject()) : retrieve(vertx, path);
  }

  private static Future<JsonObject> unreadable(Optional<Path> given, Path path, Throwable cause) {
    if (!(cause instanceof NoSuchFileException)) {
      String why = cause.getClass().getSimpleName();
      return Future.failedFuture(problem(path, "cannot be read (" + why + ")"));
    }
    return given.isPresent()
        ? Future.failedFuture(problem(path, "config file not found"))
        : Future.succeededFuture(new JsonObject());
  }

  private static Future<JsonObject> retrieve(Vertx vertx, Path path) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options(path));
    return retriever.getConfig()
        .recover(failure -> Future.failedFuture(problem(path, describe(failure))))
        .eventually(retriever::close);
  }

  private static ConfigRetrieverOptions options(Path path) {
    ConfigStoreOptions store = new ConfigStoreOptions()
        .setType("file")
        .setFormat("yaml")
        .setConfig(new JsonObject().put("path", path.toString()));
    return new ConfigRetrieverOptions().setScanPeriod(-1).addStore(store);
  }

  /**
   * What went wrong, in one line: a YAML mark and problem, or what kind of failure it was. A top
   * level that is not a map fails in vertx-config as a DecodeException, or, for a lone null
   * document such as {@code ~}, as a NullPointerException while merging.
   */
  private static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException yaml) {
        return "malformed YAML" + at(yaml.getProblemMark()) + ": " + firstLine(yaml.getProblem());
      }
      if (t instanceof DecodeException || t instanceof NullPointerException) {
        return "malformed YAML: the top level must be a map of sections (listen:, vault:, ...)";
      }
    }
    return "cannot be read (" + rootCause(failure).getClass().getSimpleName() + ")";
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String at(Mark mark) {
    return mark == null
        ? ""
        : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static String firstLine(String text) {
    return text == null ? "not valid YAML" : text.lines().findFirst().orElse("not valid YAML");
  }

  private static InvalidConfigException problem(Path path, String what) {
    return new InvalidConfigException(List.of(path + ": " + what));
  }
}
