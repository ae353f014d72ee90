package dev.transitsidecar.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md}'s reference table is generated from the schema ({@link ConfigSchema}): key, default,
 * environment variables and meaning. The test fails while the file differs from what the schema gives (a key, a
 * default or an environment name changed in the code and not in the docs);
 * {@code mvn -B -q test -Dtest=ConfigurationReferenceTest -Dconfig.reference.regenerate=true} rewrites the table.
 */
class ConfigurationReferenceTest {
  private static final Path DOC = Path.of("docs/configuration.md");
  static final String BEGIN = "<!-- Generated from the configuration schema (ConfigSchema). To change it, change the "
      + "schema and run: mvn -B -q test -Dtest=ConfigurationReferenceTest -Dconfig.reference.regenerate=true -->";
  static final String END = "<!-- End of the generated reference. -->";

  @Test
  void reference_isTheSchemasTable() throws IOException {
    String doc = Files.readString(DOC);
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    assertThat(begin).as("docs/configuration.md has the generated section's markers").isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String expected = doc.substring(0, begin) + BEGIN + "\n" + table() + END + doc.substring(end + END.length());
    if (Boolean.getBoolean("config.reference.regenerate")) {
      Files.writeString(DOC, expected);
    }

    assertThat(Files.readString(DOC)).as("docs/configuration.md is stale: mvn -B -q test -Dtest=ConfigurationReferenceTest "
        + "-Dconfig.reference.regenerate=true").isEqualTo(expected);
  }

  @Test
  void table_namesEveryKeyWithItsDefaultAndEnvironmentVariables() {
    String table = table();

    assertThat(table).contains("| `cache.ttl` | `15m` | `SIDECAR_CACHE_TTL` |")
        .contains("| `vault.address` | `https://vault.vault.svc:8200` | `SIDECAR_VAULT_ADDRESS`, `VAULT_ADDR` |")
        .contains("| `rotation.minDecryptionVersion` | `auto` |")
        .contains("| `transit.keys` | `kasten` |")
        .contains("| `listen.unixSocket` | (none) |");
    assertThat(table.lines().filter(l -> l.startsWith("| `"))).hasSize(ConfigSchema.ALL.size());
  }

  /** One row a key, in schema order: key, default (as the file writes it), environment variables, meaning. */
  static String table() {
    StringBuilder out = new StringBuilder("| key | default | environment | meaning |\n|---|---|---|---|\n");
    for (Key<?> key : ConfigSchema.ALL) {
      String env = key.vaultEnv().map(v -> "`" + key.envName() + "`, `" + v + "`").orElse("`" + key.envName() + "`");
      String value = written(key.defaultValue());
      out.append("| `").append(key.path()).append("` | ").append(value.isEmpty() ? "(none)" : "`" + value + "`")
          .append(" | ").append(env).append(" | ").append(key.meaning().replace("|", "\\|")).append(" |\n");
    }
    return out.toString();
  }

  /** A default as the file writes it: durations in config units, lists comma-separated, enums in lower case. */
  static String written(Object value) {
    return switch (value) {
      case Optional<?> optional -> optional.map(ConfigurationReferenceTest::written).orElse("");
      case OptionalInt optional -> optional.isPresent() ? Integer.toString(optional.getAsInt()) : "auto";
      case Duration duration -> duration(duration);
      case List<?> list -> list.stream().map(ConfigurationReferenceTest::written).collect(Collectors.joining(","));
      case Enum<?> constant -> constant.name().toLowerCase(Locale.ROOT);
      case URI uri -> uri.toString();
      default -> value.toString();
    };
  }

  private static String duration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long hours = d.toHours();
    int minutes = d.toMinutesPart();
    int seconds = d.toSecondsPart();
    int millis = d.toMillisPart();
    text.append(hours > 0 ? hours + "h" : "").append(minutes > 0 ? minutes + "m" : "")
        .append(seconds > 0 ? seconds + "s" : "").append(millis > 0 ? millis + "ms" : "");
    assertThat(Durations.parse(text.toString())).isEqualTo(d);
    return text.toString();
  }
}
