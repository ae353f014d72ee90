package dev.transitsidecar.cli;

import dev.transitsidecar.SidecarRuntime;
import dev.transitsidecar.config.ConfigLoader;
import dev.transitsidecar.config.SidecarConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option that every command takes. */
final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "configuration file (default: sidecar.yaml in the working directory, if present)")
  Path file;

  /**
   * The configuration option of a plain command line of {@code command} ({@code COMMAND}, {@code COMMAND --config
   * FILE} or {@code COMMAND --config=FILE}, with a file name that does not start with {@code -}), or empty for any
   * other command line, which picocli parses ({@link Main#plainServer}).
   */
  static Optional<ConfigOption> plain(String command, String... args) {
    if (args.length == 0 || !command.equals(args[0]) || args.length > 3) {
      return Optional.empty();
    }
    String file = switch (args.length) {
      case 1 -> null;
      case 2 -> args[1].startsWith("--config=") ? args[1].substring("--config=".length()) : "";
      default -> "--config".equals(args[1]) ? args[2] : "";
    };
    if (file != null && (file.isEmpty() || file.startsWith("-"))) {
      return Optional.empty();
    }
    ConfigOption option = new ConfigOption();
    option.file = file == null ? null : Path.of(file);
    return Optional.of(option);
  }

  /** Loads file, environment and defaults; fails with InvalidConfigException listing every problem. */
  SidecarConfig load(Vertx vertx, Map<String, String> env) {
    return ConfigLoader.load(vertx, Optional.ofNullable(file), env).await();
  }

  /**
   * For a command that runs and exits: a Vert.x of its own, the loaded configuration, the command's work on the CLI
   * thread, and Vert.x closed again whatever happened.
   */
  int run(Map<String, String> env, BiFunction<Vertx, SidecarConfig, Integer> command) {
    Vertx vertx = Vertx.vertx();
    try {
      return command.apply(vertx, load(vertx, env));
    } finally {
      vertx.close().await();
    }
  }

  /**
   * For a command that serves until SIGTERM ({@code run}, {@code webhook}, {@code dev}): loads the configuration on
   * {@code runtime}'s Vert.x, applies {@code log.*}, starts what the command serves, and on SIGTERM runs the graceful
   * stop {@code start} returned, closes Vert.x and exits 0; a start that fails closes Vert.x at once.
   *
   * @return {@link Main#KEEP_RUNNING}
   */
  int serve(SidecarRuntime runtime, Map<String, String> env,
      BiFunction<SidecarRuntime, SidecarConfig, Supplier<Future<?>>> start) {
    try {
      SidecarConfig loaded = load(runtime.vertx(), env);
      LogSetup.apply(loaded.log());
      runtime.stopOnSigterm(start.apply(runtime, loaded));
      return Main.KEEP_RUNNING;
    } catch (Exception e) {
      // Future.await rethrows a failure's checked exception as it is (a bind that failed, an unreadable file)
      runtime.vertx().close();
      throw e instanceof RuntimeException unchecked ? unchecked : new IllegalStateException(e.getMessage(), e);
    }
  }
}
