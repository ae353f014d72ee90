/**
 * The configuration: one immutable, typed tree ({@link dev.transitsidecar.config.SidecarConfig}),
 * loaded once by {@link dev.transitsidecar.config.ConfigLoader#load} from {@code sidecar.yaml} and
 * the environment, validated as a whole. Every problem is reported at once in an
 * {@link dev.transitsidecar.config.InvalidConfigException}.
 *
 * <p>Inside: {@code ConfigSchema} is the table of every key (path, shape, parser, default; env
 * names are derived from it), {@code YamlFile} reads the file through vertx-config,
 * {@code FileSettings} and {@code EnvSettings} collect raw values, {@code Settings} applies
 * precedence and parses, {@code CrossChecks} holds the rules across keys, and {@code ConfigBinder}
 * builds the records.
 */
package dev.transitsidecar.config;
