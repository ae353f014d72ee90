package dev.transitsidecar.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two weak-decoding dialects on the same JSON value: {@link FieldData} (token and auth paths) and
 * {@link Fields} (Transit, validated against a schema first, as the backend does). Each row is what a request
 * body {@code {"f": <json>}} reads as on each side; {@code ERR} is a 400. The rows where the columns differ are
 * why the two classes are not one.
 */
class FieldDialectsTest {
  private static final String ERR = "ERR";

  @ParameterizedTest(name = "{0}: token {1}, transit {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      true      | true  | 1
      false     | false | 0
      5         | 5     | 5
      1.5       | 1.5   | 1.5
      "x"       | x     | x
      []        | ERR   | ERR
      {}        | ERR   | ERR
      """)
  void string_bothDialects(String json, String token, String transit) {
    assertThat(token(json, f -> f.string("f"))).isEqualTo(token);
    assertThat(transit(json, Fields.Type.STRING, b -> Fields.string(b, "f"))).isEqualTo(transit);
  }

  @ParameterizedTest(name = "{0}: token {1}, transit {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      true      | true     | true
      "t"       | true     | true
      "T"       | true     | true
      "1"       | true     | true
      "TRUE"    | ERR      | true
      "True"    | ERR      | true
      "FALSE"   | ERR      | false
      ""        | fallback | false
      1         | true     | true
      0         | false    | false
      2         | true     | ERR
      0.5       | false    | ERR
      "yes"     | ERR      | ERR
      []        | ERR      | ERR
      """)
  void bool_bothDialects(String json, String token, String transit) {
    assertThat(token(json, FieldDialectsTest::tokenBool)).isEqualTo(token);
    assertThat(transit(json, Fields.Type.BOOL, b -> Fields.bool(b, "f"))).isEqualTo(transit);
  }

  @ParameterizedTest(name = "{0}: token {1}, transit {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      5             | 5     | 5
      "5"           | 5     | 5
      "+5"          | 5     | 5
      "-5"          | -5    | -5
      ""            | 0     | 0
      " 5 "         | 5     | ERR
      "   "         | 0     | ERR
      "0x10"        | ERR   | 16
      "010"         | 10    | 8
      1.5           | 1     | ERR
      true          | ERR   | 1
      2147483648    | ERR   | 2147483648
      "x"           | ERR   | ERR
      []            | ERR   | ERR
      """)
  void integer_bothDialects(String json, String token, String transit) {
    assertThat(token(json, f -> f.integer("f"))).isEqualTo(token);
    assertThat(transit(json, Fields.Type.INT, b -> Fields.integer(b, "f", 0))).isEqualTo(transit);
  }

  @ParameterizedTest(name = "{0}: token {1}, transit {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      "1h"          | 3600   | 3600
      90            | 90     | 90
      "1d12h"       | 129600 | ERR
      "-1h"         | ERR    | -3600
      " 1h "        | 3600   | ERR
      1.9           | 1      | ERR
      true          | ERR    | ERR
      """)
  void duration_bothDialects(String json, String token, String transit) {
    assertThat(token(json, f -> f.duration("f").toSeconds())).isEqualTo(token);
    assertThat(transit(json, Fields.Type.DURATION, b -> Fields.durationSeconds(b, "f"))).isEqualTo(transit);
  }

  @ParameterizedTest(name = "{0} as {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      []      | STRING   | error converting input [] for field "f": '' expected type 'string', got unconvertible type '[]interface {}'
      "TRUE1" | BOOL     | error converting input TRUE1 for field "f": cannot parse '' as bool: strconv.ParseBool: parsing "TRUE1": invalid syntax
      " 5 "   | INT      | error converting input  5  for field "f": cannot parse '' as int: strconv.ParseInt: parsing " 5 ": invalid syntax
      "1d12h" | DURATION | error converting input 1d12h for field "f": time: unknown unit "d" in duration "1d12h"
      """)
  void transitErrors_echoTheValueAndTheDecoderDetail(String json, Fields.Type type, String message) {
    VaultError error = catchThrowableOfType(VaultError.class, () -> Fields.validate(body(json), Map.of("f", type)));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.errors()).containsExactly(message);
  }

  @ParameterizedTest(name = "{0} as {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      []        | string
      "TRUE1"   | bool
      "0x10"    | integer
      "-1h"     | duration
      """)
  void tokenErrors_neverEchoTheValue(String json, String type) {
    FieldData f = new FieldData(body(json));
    Runnable read = switch (type) {
      case "string" -> () -> f.string("f");
      case "bool" -> () -> f.bool("f", false);
      case "integer" -> () -> f.integer("f");
      default -> () -> f.duration("f");
    };

    VaultError error = catchThrowableOfType(VaultError.class, read::run);

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.errors()).containsExactly("error converting input for field \"f\"");
  }

  private static JsonObject body(String json) {
    return new JsonObject("{\"f\":" + json + "}");
  }

  private static String token(String json, Function<FieldData, Object> read) {
    try {
      return String.valueOf(read.apply(new FieldData(body(json))));
    } catch (VaultError e) {
      return ERR;
    }
  }

  /** FieldData's bool with both fallbacks: the value, or "fallback" when the caller's default decides. */
  private static String tokenBool(FieldData f) {
    boolean withTrue = f.bool("f", true);
    boolean withFalse = f.bool("f", false);
    return withTrue == withFalse ? String.valueOf(withTrue) : "fallback";
  }

  private static String transit(String json, Fields.Type type, Function<JsonObject, Object> read) {
    JsonObject body = body(json);
    try {
      Fields.validate(body, Map.of("f", type));
      return String.valueOf(read.apply(body));
    } catch (VaultError e) {
      return ERR;
    }
  }
}
