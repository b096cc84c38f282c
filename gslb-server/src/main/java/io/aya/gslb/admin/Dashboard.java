package io.aya.gslb.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The web dashboard served at the admin root: one self-contained HTML page ({@code dashboard.html} beside this
 * class: inline CSS, SVG world map and script, nothing fetched from elsewhere) that reads the JSON API and
 * sends drains with the token the operator enters (kept in the tab's sessionStorage). See docs/operations.md.
 */
final class Dashboard {
  static final String HTML = load();

  private Dashboard() {}

  private static String load() {
    try (InputStream in = Dashboard.class.getResourceAsStream("dashboard.html")) {
      if (in == null) {
        throw new IllegalStateException("dashboard.html is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
