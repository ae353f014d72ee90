package dev.transitsidecar.auth;

import dev.transitsidecar.vault.VaultException;
import dev.transitsidecar.vault.VaultRejected;
import dev.transitsidecar.vault.VaultResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Reading Vault's refusals: is it about the token, and what does it say, in one line. */
final class VaultErrors {
  private VaultErrors() {}

  /** Vault's {@code errors}, or nothing when the body is not Vault's error shape. */
  static List<String> of(VaultResponse response) {
    try {
      JsonArray errors = new JsonObject(response.body()).getJsonArray("errors");
      return errors == null ? List.of() : errors.stream().map(String::valueOf).toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** 403 whose errors say {@code permission denied} or {@code invalid token} (any Vault version's wording). */
  static boolean deniesToken(int status, List<String> errors) {
    return status == 403 && errors.stream().anyMatch(e -> e.contains("permission denied") || e.contains("invalid token"));
  }

  /** Vault 1.17+ says so explicitly; before that a bad token and a missing policy both read "permission denied". */
  static boolean saysInvalidToken(List<String> errors) {
    return errors.stream().anyMatch(e -> e.contains("invalid token"));
  }

  /** Vault's messages in one line: {@code "2 errors occurred:\n\t* permission denied\n\t* invalid token"} becomes
   * {@code permission denied; invalid token}. */
  static String summary(List<String> errors) {
    String joined = errors.stream()
        .flatMap(e -> Arrays.stream(e.split("\n")))
        .map(line -> line.strip().replaceFirst("^\\* ", ""))
        .filter(line -> !line.isEmpty() && !line.matches("\\d+ errors? occurred:"))
        .collect(Collectors.joining("; "));
    return joined.isEmpty() ? "no reason given" : joined;
  }

  /** What a failed call to Vault means, in one line that is safe to log and to show. */
  static String describe(Throwable failure) {
    return switch (failure) {
      case VaultRejected r -> "refused: " + summary(r.errors());
      case VaultException e -> "failed: " + e.getMessage();
      case LocalProblem p -> p.getMessage();
      case Lease.MalformedAnswer m -> "failed: " + m.getMessage();
      default -> "failed: " + failure.getClass().getSimpleName();
    };
  }
}
