package io.aya.gslb.zone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits master-file text (RFC 1035 §5.1) into logical entries: one record or directive each, joined across
 * lines by parentheses, with comments removed and quoted strings kept whole. Only the tokens needed to
 * classify an entry are interpreted here; static records are handed to dnsjava as their original text.
 *
 * <p>Streaming: {@link #next()} reads the input line by line and returns one entry at a time, so a big zone file
 * is never held in memory as a whole (neither its text nor its lines nor its entries). Bytes are read as
 * ISO-8859-1 (one char per byte), lines end at {@code '\n'} (a {@code '\r'} before it is dropped). Single use,
 * not thread-safe; the caller closes the stream.
 */
final class ZoneLexer {
  /**
   * One logical entry.
   *
   * @param line first physical line (1-based)
   * @param blankOwner the entry starts with whitespace: it has no owner field and inherits the previous one
   * @param tokens whitespace-separated fields; quotes removed (escapes inside quotes resolved), backslash
   *     escapes outside quotes kept as written
   * @param text the entry's physical lines, verbatim, joined by {@code '\n'}
   */
  record Entry(String file, int line, boolean blankOwner, List<String> tokens, String text) {
    Entry {
      tokens = List.copyOf(tokens);
    }

    boolean isDirective() {
      return !blankOwner && tokens.get(0).startsWith("$");
    }
  }

  private final String file;
  private final InputStream in;
  private final List<ZoneError> errors;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private byte[] lineBytes = new byte[256];
  /** Lines read so far (the number of the line being lexed). */
  private int lineNumber;
  private boolean ended;
  // the entry being assembled, possibly across lines
  private int depth;
  private int start;
  private boolean blankOwner;
  private boolean broken;
  private final List<String> tokens = new ArrayList<>();
  private final StringBuilder token = new StringBuilder();
  /** The entry's earlier lines, each followed by {@code '\n'}, while it spans lines; else empty. */
  private final StringBuilder earlierLines = new StringBuilder();

  /** Lexes {@code in} (displayed as {@code file}); problems are appended to {@code errors} and their entries skipped. */
  ZoneLexer(String file, InputStream in, List<ZoneError> errors) {
    this.file = file;
    this.in = in;
    this.errors = errors;
  }

  /** Lexes all of {@code text} at once (small inputs and tests). */
  static List<Entry> lex(String file, String text, List<ZoneError> errors) {
    ZoneLexer lexer = new ZoneLexer(file,
        new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), errors);
    List<Entry> out = new ArrayList<>();
    try {
      for (Entry e; (e = lexer.next()) != null; ) {
        out.add(e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the input is in memory
    }
    return out;
  }

  /** The next entry, or null at the end of the input. */
  Entry next() throws IOException {
    String l;
    while ((l = readLine()) != null) {
      Entry e = lexLine(l);
      if (e != null) {
        return e;
      }
    }
    if (!ended) {
      ended = true;
      if (depth > 0 && !broken) {
        errors.add(new ZoneError(file, start + 1, "unbalanced '(' (no closing ')' before the end of the file)"));
      }
    }
    return null;
  }

  /** Lexes one physical line (index {@code lineNumber - 1}); returns the entry it completes, if any. */
  private Entry lexLine(String l) {
    int i = lineNumber - 1;
    if (depth == 0) {
      start = i;
      blankOwner = !l.isEmpty() && (l.charAt(0) == ' ' || l.charAt(0) == '\t');
      broken = false;
    }
    boolean inQuote = false;
    boolean inToken = false;
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
    }
    if (depth > 0) {
      earlierLines.append(l).append('\n');
      return null;
    }
    Entry e = null;
    if (!tokens.isEmpty() && !broken) {
      String text = earlierLines.length() == 0 ? l : earlierLines.append(l).toString();
      e = new Entry(file, start + 1, blankOwner, tokens, text);
    }
    tokens.clear();
    earlierLines.setLength(0);
    return e;
  }

  /**
   * The next physical line without its {@code '\n'} (and a {@code '\r'} before it), or null at the end. An empty
   * last line (after a final {@code '\n'}) is not returned: it could not change anything.
   */
  private String readLine() throws IOException {
    int length = 0;
    while (true) {
      if (position == limit) {
        int read = in.read(buffer);
        if (read <= 0) {
          if (length == 0) {
            return null;
          }
          lineNumber++;
          return line(length);
        }
        position = 0;
        limit = read;
      }
      int from = position;
      int end = from;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      int chunk = end - from;
      if (length + chunk > lineBytes.length) {
        lineBytes = Arrays.copyOf(lineBytes, Math.max(lineBytes.length * 2, length + chunk));
      }
      System.arraycopy(buffer, from, lineBytes, length, chunk);
      length += chunk;
      if (end < limit) {
        position = end + 1;
        lineNumber++;
        return line(length);
      }
      position = limit;
    }
  }

  private String line(int length) {
    if (length > 0 && lineBytes[length - 1] == '\r') {
      length--;
    }
    return new String(lineBytes, 0, length, StandardCharsets.ISO_8859_1);
  }
}
