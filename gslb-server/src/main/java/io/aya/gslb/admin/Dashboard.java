package io.aya.gslb.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The admin API's static resources: the web dashboard served at the admin root, one self-contained HTML page ({@code dashboard.html} beside this
 * class: inline CSS, SVG world map and script, nothing fetched from elsewhere) that reads the JSON API and
 * sends drains with the token the operator enters (kept in the tab's sessionStorage; docs/operations.md), and
 * the API's OpenAPI document.
 */
final class Dashboard {
  static final String HTML = load("dashboard.html");
  /** The OpenAPI 3 document of the admin API, served at {@code /api/v1/openapi.json} (OpenApiDocumentTest keeps it in sync). */
  static final String OPENAPI = load("openapi.json");

  private Dashboard() {}

  private static String load(String name) {
    try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
