package io.aya.gslb.geo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Continent and approximate centre of every ISO 3166-1 alpha-2 country (plus {@code XK}, Kosovo), read once
 * from the bundled {@code countries.csv}. Used to place clients whose record names a country but carries no
 * coordinates, and to derive a continent when a database has none.
 *
 * <p>Lookups index a 26×26 table by the two letters: no allocation, no locks. Immutable and thread-safe.
 */
public final class Countries {
  private static final String RESOURCE = "countries.csv";
  private static final int SIZE = 26 * 26;
  private static final String[] CODES = new String[SIZE];
  private static final String[] CONTINENTS = new String[SIZE];
  private static final double[] LATITUDES = new double[SIZE];
  private static final double[] LONGITUDES = new double[SIZE];
  private static final int COUNT;

  /** The continent codes in use (GeoIP2's {@code continent.code}). */
  static final String[] CONTINENT_CODES = {"AF", "AN", "AS", "EU", "NA", "OC", "SA"};

  static {
    Arrays.fill(LATITUDES, Double.NaN);
    Arrays.fill(LONGITUDES, Double.NaN);
    COUNT = load();
  }

  private Countries() {}

  private static int load() {
    int count = 0;
    try (InputStream in = Countries.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank() || line.startsWith("#") || line.startsWith("code,")) {
          continue;
        }
        String[] f = line.split(",", 5);
        int i = f.length == 5 ? index(f[0]) : -1;
        String continent = f.length == 5 ? continent(f[1]) : null;
        if (i < 0 || continent == null || CODES[i] != null) {
          throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": bad or duplicate row: " + line);
        }
        CODES[i] = f[0];
        CONTINENTS[i] = continent;
        LATITUDES[i] = Double.parseDouble(f[2]);
        LONGITUDES[i] = Double.parseDouble(f[3]);
        count++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return count;
  }

  /** 0..675 for two upper- or lower-case ASCII letters, else -1. */
  private static int index(String code) {
    if (code == null || code.length() != 2) {
      return -1;
    }
    int a = letter(code.charAt(0));
    int b = letter(code.charAt(1));
    return a < 0 || b < 0 ? -1 : a * 26 + b;
  }

  private static int letter(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a';
    }
    return -1;
  }

  /** The canonical continent code for {@code code} (case-insensitive), or null when it is not one. */
  static String continent(String code) {
    if (code != null && code.length() == 2) {
      for (String c : CONTINENT_CODES) {
        if (c.equalsIgnoreCase(code)) {
          return c;
        }
      }
    }
    return null;
  }

  /** How many countries the table holds. */
  public static int size() {
    return COUNT;
  }

  /** The upper-case code of a known country ({@code "ie"} gives {@code "IE"}), or null when unknown. */
  public static String canonical(String code) {
    int i = index(code);
    return i < 0 ? null : CODES[i];
  }

  /** Continent code (AF AN AS EU NA OC SA) of a country, or null when the country is unknown. */
  public static String continentOf(String code) {
    int i = index(code);
    return i < 0 ? null : CONTINENTS[i];
  }

  /** Approximate centre latitude of a country, NaN when unknown. */
  public static double latitudeOf(String code) {
    int i = index(code);
    return i < 0 ? Double.NaN : LATITUDES[i];
  }

  /** Approximate centre longitude of a country, NaN when unknown. */
  public static double longitudeOf(String code) {
    int i = index(code);
    return i < 0 ? Double.NaN : LONGITUDES[i];
  }
}
