package io.aya.gslb.zone;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The bytes a zone file stands for: its own and those of every file it reads with {@code $INCLUDE} (RFC 1035 §5.1;
 * relative to the including file's directory, nested), found by a quick scan of the lines that start with the
 * directive, without parsing the file. For size estimates before a file is parsed; files that cannot be read
 * count 0 (the parser reports them). Stateless.
 */
final class IncludedFiles {
  /** As the parser: deeper nesting is an error there, so it is not counted here. */
  private static final int MAX_DEPTH = 16;
  private static final String INCLUDE = "$INCLUDE";

  private IncludedFiles() {}

  /** Bytes of {@code file} and of the files it includes (each file counted once). */
  static long totalSize(Path file) {
    return size(file, new HashSet<>(), 0);
  }

  private static long size(Path file, Set<Path> seen, int depth) {
    Path key = file.toAbsolutePath().normalize();
    if (depth > MAX_DEPTH || !seen.add(key)) {
      return 0;
    }
    long total;
    try {
      total = Files.size(file);
    } catch (IOException e) {
      return 0;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      for (String line; (line = in.readLine()) != null; ) {
        String included = includedName(line);
        if (included != null) {
          total += size(file.resolveSibling(included), seen, depth + 1);
        }
      }
    } catch (IOException | RuntimeException e) {
      // what was counted so far is the estimate
    }
    return total;
  }

  /** The file name of a {@code $INCLUDE file [origin]} line, or null for any other line. */
  private static String includedName(String line) {
    if (line.length() <= INCLUDE.length() || line.charAt(0) != '$'
        || !line.regionMatches(true, 0, INCLUDE, 0, INCLUDE.length())
        || !Character.isWhitespace(line.charAt(INCLUDE.length()))) {
      return null;
    }
    String rest = line.substring(INCLUDE.length()).trim();
    int end = 0;
    while (end < rest.length() && !Character.isWhitespace(rest.charAt(end)) && rest.charAt(end) != ';') {
      end++;
    }
    String name = rest.substring(0, end).replace("\"", "");
    return name.isEmpty() ? null : name;
  }
}
