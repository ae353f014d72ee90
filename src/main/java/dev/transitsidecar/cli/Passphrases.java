package dev.transitsidecar.cli;

import dev.transitsidecar.keystore.KeystoreException;
import dev.transitsidecar.memory.Wipe;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Passphrases come from a file or the terminal, never from an argument (which {@code ps} and shell history show).
 * The caller wipes the returned array; every intermediate copy is wiped here.
 */
final class Passphrases {
  private Passphrases() {}

  /** The file's content as UTF-8, without one trailing newline (as {@code echo} writes it). */
  static char[] fromFile(Path file) {
    byte[] bytes = null;
    CharBuffer chars = null;
    try {
      bytes = Files.readAllBytes(file);
      chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      int end = chars.limit();
      if (end > 0 && chars.get(end - 1) == '\n') {
        end--;
      }
      if (end > 0 && chars.get(end - 1) == '\r') {
        end--;
      }
      char[] passphrase = new char[end];
      chars.get(0, passphrase, 0, end);
      return passphrase;
    } catch (CharacterCodingException e) {
      throw new KeystoreException("the passphrase file " + file + " is not UTF-8 text");
    } catch (IOException e) {
      throw new KeystoreException("cannot read the passphrase file " + file + ": " + e.getClass().getSimpleName());
    } finally {
      Wipe.array(bytes);
      if (chars != null && chars.hasArray()) {
        Arrays.fill(chars.array(), '\0');
      }
    }
  }

  /** Asks on the terminal without echo; {@code confirm} asks twice and refuses a mismatch. */
  static char[] fromTerminal(String prompt, boolean confirm) {
    Console console = System.console();
    if (console == null) {
      throw new KeystoreException("no terminal to read a passphrase from: use a passphrase file instead");
    }
    char[] first = console.readPassword("%s: ", prompt);
    if (first == null) {
      throw new KeystoreException("no passphrase was entered");
    }
    if (!confirm) {
      return first;
    }
    char[] again = console.readPassword("%s (again): ", prompt);
    try {
      if (again == null || !Arrays.equals(first, again)) {
        Arrays.fill(first, '\0');
        throw new KeystoreException("the two passphrases differ");
      }
      return first;
    } finally {
      if (again != null) {
        Arrays.fill(again, '\0');
      }
    }
  }
}
