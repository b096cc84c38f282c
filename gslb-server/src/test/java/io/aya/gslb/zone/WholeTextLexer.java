package io.aya.gslb.zone;

import java.util.ArrayList;
import java.util.List;

/**
 * The zone lexer as it was before it streamed: it splits the whole text into lines first, then into entries. Kept
 * for {@link StreamingZoneReadTest}, which checks that the streaming {@link ZoneLexer} finds the same entries and
 * the same errors. Stateless.
 */
final class WholeTextLexer {
  private WholeTextLexer() {}

  /** Lexes {@code text}; problems are appended to {@code errors} and their entries skipped. */
  static List<ZoneLexer.Entry> lex(String file, String text, List<ZoneError> errors) {
    List<ZoneLexer.Entry> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].endsWith("\r")) {
        lines[i] = lines[i].substring(0, lines[i].length() - 1);
      }
    }
    int depth = 0;
    int start = 0;
    boolean blankOwner = false;
    boolean broken = false;
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    boolean inToken = false;
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (depth == 0) {
        start = i;
        blankOwner = !l.isEmpty() && (l.charAt(0) == ' ' || l.charAt(0) == '\t');
        broken = false;
      }
      boolean inQuote = false;
      int n = l.length();
      scan:
      for (int c = 0; c < n; c++) {
        char ch = l.charAt(c);
        if (inQuote) {
          if (ch == '\\' && c + 1 < n) {
            token.append(l.charAt(++c));
          } else if (ch == '"') {
            inQuote = false;
          } else {
            token.append(ch);
          }
          continue;
        }
        switch (ch) {
          case ';':
            break scan;
          case '"':
            inQuote = true;
            inToken = true;
            break;
          case '(':
          case ')':
          case ' ':
          case '\t':
          case '\r':
            if (inToken) {
              tokens.add(token.toString());
              token.setLength(0);
              inToken = false;
            }
            if (ch == '(') {
              depth++;
            } else if (ch == ')') {
              if (depth == 0) {
                if (!broken) {
                  errors.add(new ZoneError(file, i + 1, "unbalanced ')'"));
                }
                broken = true;
              } else {
                depth--;
              }
            }
            break;
          case '\\':
            token.append(ch);
            if (c + 1 < n) {
              token.append(l.charAt(++c));
            }
            inToken = true;
            break;
          default:
            token.append(ch);
            inToken = true;
        }
      }
      if (inQuote) {
        if (!broken) {
          errors.add(new ZoneError(file, i + 1, "unterminated quoted string"));
        }
        broken = true;
      }
      if (inToken) {
        tokens.add(token.toString());
        token.setLength(0);
        inToken = false;
      }
      if (depth == 0) {
        if (!tokens.isEmpty() && !broken) {
          out.add(new ZoneLexer.Entry(file, start + 1, blankOwner, tokens, join(lines, start, i)));
        }
        tokens.clear();
      }
    }
    if (depth > 0 && !broken) {
      errors.add(new ZoneError(file, start + 1, "unbalanced '(' (no closing ')' before the end of the file)"));
    }
    return out;
  }

  private static String join(String[] lines, int from, int to) {
    if (from == to) {
      return lines[from];
    }
    StringBuilder sb = new StringBuilder();
    for (int i = from; i <= to; i++) {
      if (i > from) {
        sb.append('\n');
      }
      sb.append(lines[i]);
    }
    return sb.toString();
  }
}
