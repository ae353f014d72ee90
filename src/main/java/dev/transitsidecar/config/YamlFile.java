package dev.transitsidecar.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
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

  static Future<JsonObject> read(Vertx vertx, Optional<Path> given, Path defaultFile) {
    Path path = given.orElse(defaultFile).toAbsolutePath();
    return vertx.fileSystem().exists(path.toString())
        .compose(exists -> exists ? retrieve(vertx, path) : missing(given, path));
  }

  private static Future<JsonObject> missing(Optional<Path> given, Path path) {
    return given.isPresent()
        ? Future.failedFuture(problem(path, "config file not found"))
        : Future.succeededFuture(new JsonObject());
  }

  private static Future<JsonObject> retrieve(Vertx vertx, Path path) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options(path));
    return retriever.getConfig()
        .map(document -> document == null ? new JsonObject() : document)
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

  /** What went wrong, in one line: a YAML mark and problem, or what kind of failure it was. */
  static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException yaml) {
        return "malformed YAML" + at(yaml.getProblemMark()) + ": " + firstLine(yaml.getProblem());
      }
      if (t instanceof DecodeException) {
        return "malformed YAML: the top level must be a map of sections (listen:, vault:, ...)";
      }
    }
    return "cannot be read (" + failure.getClass().getSimpleName() + ")";
  }

  private static String at(Mark mark) {
    return mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static String firstLine(String text) {
    return text == null ? "not valid YAML" : text.lines().findFirst().orElse("not valid YAML");
  }

  private static InvalidConfigException problem(Path path, String what) {
    return new InvalidConfigException(List.of(path + ": " + what));
  }
}
