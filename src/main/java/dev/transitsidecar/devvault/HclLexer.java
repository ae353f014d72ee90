package dev.transitsidecar.devvault;

import java.util.ArrayList;
import java.util.List;

/** Splits policy HCL into identifiers, double-quoted strings and the symbols {@code { } [ ] = ,}; drops comments. */
final class HclLexer {
  enum Kind { IDENT, STRING, SYMBOL }

  record Tok(Kind kind, String text, int line) {
    boolean isIdent(String name) {
      return kind == Kind.IDENT && text.equals(name);
    }

    boolean isSymbol(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    String describe() {
      return kind == Kind.STRING ? "a string" : "'" + text + "'";
    }
  }

  private final String src;
  private final List<Tok> out = new ArrayList<>();
  private int i;
  private int line = 1;

  private HclLexer(String src) {
    this.src = src;
  }

  static List<Tok> lex(String src) {
    HclLexer lexer = new HclLexer(src);
    lexer.run();
    return lexer.out;
  }

  private void run() {
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#' || src.startsWith("//", i)) {
        skipLine();
      } else if (src.startsWith("/*", i)) {
        skipBlockComment();
      } else if ("{}[]=,".indexOf(c) >= 0) {
        out.add(new Tok(Kind.SYMBOL, String.valueOf(c), line));
        i++;
      } else if (c == '"') {
        out.add(new Tok(Kind.STRING, string(), line));
      } else if (Character.isLetter(c) || c == '_') {
        out.add(new Tok(Kind.IDENT, ident(), line));
      } else {
        throw new IllegalArgumentException("unexpected character at line " + line);
      }
    }
  }

  private void skipLine() {
    while (i < src.length() && src.charAt(i) != '\n') {
      i++;
    }
  }

  private void skipBlockComment() {
    int end = src.indexOf("*/", i + 2);
    if (end < 0) {
      throw new IllegalArgumentException("unterminated comment at line " + line);
    }
    line += (int) src.substring(i, end).chars().filter(ch -> ch == '\n').count();
    i = end + 2;
  }

  private String ident() {
    int start = i;
    while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || "_-".indexOf(src.charAt(i)) >= 0)) {
      i++;
    }
    return src.substring(start, i);
  }

  private String string() {
    StringBuilder sb = new StringBuilder();
    i++;
    while (i < src.length()) {
      char c = src.charAt(i++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\n') {
        break;
      }
      if (c == '\\' && i < src.length()) {
        char e = src.charAt(i++);
        sb.append(switch (e) {
          case 'n' -> '\n';
          case 't' -> '\t';
          case '"', '\\' -> e;
          default -> throw new IllegalArgumentException("unsupported escape at line " + line);
        });
      } else {
        sb.append(c);
      }
    }
    throw new IllegalArgumentException("unterminated string at line " + line);
  }
}
