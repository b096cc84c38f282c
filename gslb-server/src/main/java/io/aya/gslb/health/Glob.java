package io.aya.gslb.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Shell-style patterns for override targets: {@code *} matches any run of characters (also empty),
 * {@code ?} exactly one; everything else matches itself (case-sensitive). {@code eu-*}, {@code *@192.0.2.10}.
 */
final class Glob {
  private Glob() {}

  static boolean isGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
  }

  static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder(glob.length() + 8);
    int literalStart = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' || c == '?') {
        if (i > literalStart) {
          re.append(Pattern.quote(glob.substring(literalStart, i)));
        }
        re.append(c == '*' ? ".*" : ".");
        literalStart = i + 1;
      }
    }
    if (literalStart < glob.length()) {
      re.append(Pattern.quote(glob.substring(literalStart)));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  static boolean matches(String glob, String value) {
    return isGlob(glob) ? compile(glob).matcher(value).matches() : glob.equals(value);
  }

  /** The {@code names} that {@code glob} (trimmed) matches, sorted. */
  static List<String> matching(String glob, Collection<String> names) {
    Pattern p = compile(glob.trim());
    List<String> out = new ArrayList<>();
    for (String n : new TreeSet<>(names)) {
      if (p.matcher(n).matches()) {
        out.add(n);
      }
    }
    return out;
  }
}
