package dev.transitsidecar.config;

/**
 * Turns raw input ({@code String} for scalar kinds, {@code List<String>} for {@link Kind#LIST}) into
 * a typed value. Throws {@link BadValue} with a message that does not name the key.
 */
@FunctionalInterface
interface Parser<T> {
  T parse(Object raw);
}
