package io.aya.gslb.zone;

import io.aya.gslb.geo.Countries;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The codes of {@code $POLICY geofence=}: ISO 3166-1 alpha-2 countries and continents (AF AN AS EU NA OC SA).
 *
 * <p>Four continent codes are also country codes: {@code AF} (Africa, Afghanistan), {@code AS} (Asia, American
 * Samoa), {@code NA} (North America, Namibia) and {@code SA} (South America, Saudi Arabia). Those must be
 * written {@code continent:NA} or {@code country:NA}; a bare one is an error, because reading it as both
 * would let, say, Namibia's clients through a fence meant for North America. Any code may carry the
 * qualifier.
 *
 * <p>The canonical entries kept in {@link PolicySpec#geofence()} are written the way the operator must write
 * them: an unambiguous code bare and upper case ({@code GB}, {@code EU}), an ambiguous one qualified
 * ({@code continent:NA}). Stateless.
 */
public final class Geofence {
  public static final String CONTINENT = "continent:";
  public static final String COUNTRY = "country:";
  private static final Set<String> CONTINENTS = Set.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");

  private Geofence() {}

  /** Parses the comma-separated value of {@code geofence=} into canonical entries. */
  static Set<String> parse(String value) throws ZoneSyntaxException {
    Set<String> entries = new LinkedHashSet<>();
    for (String word : value.split(",", -1)) {
      entries.add(canonical(word));
    }
    return Set.copyOf(entries);
  }

  private static String canonical(String word) throws ZoneSyntaxException {
    String lower = word.toLowerCase(Locale.ROOT);
    if (lower.startsWith(CONTINENT)) {
      String code = word.substring(CONTINENT.length()).toUpperCase(Locale.ROOT);
      if (!CONTINENTS.contains(code)) {
        throw new ZoneSyntaxException(
            "geofence: " + word + " (expected: a continent code AF AN AS EU NA OC SA after continent:)");
      }
      return isCountry(code) ? CONTINENT + code : code;
    }
    if (lower.startsWith(COUNTRY)) {
      String code = word.substring(COUNTRY.length()).toUpperCase(Locale.ROOT);
      if (!isCountry(code)) {
        throw new ZoneSyntaxException(
            "geofence: " + word + " (expected: an ISO 3166 country code such as GB after country:)");
      }
      return CONTINENTS.contains(code) ? COUNTRY + code : code;
    }
    String code = word.toUpperCase(Locale.ROOT);
    boolean country = isCountry(code);
    boolean continent = CONTINENTS.contains(code);
    if (country && continent) {
      throw new ZoneSyntaxException("geofence: " + word + " is both a continent and a country (write "
          + CONTINENT + code + " or " + COUNTRY + code + ")");
    }
    if (!country && !continent) {
      throw new ZoneSyntaxException("geofence: " + word
          + " (expected: ISO 3166 country codes such as GB, or continent codes AF AN AS EU NA OC SA)");
    }
    return code;
  }

  private static boolean isCountry(String code) {
    return Countries.canonical(code) != null;
  }

  /** The country codes of canonical entries (upper case). */
  public static Set<String> countries(Set<String> entries) {
    Set<String> out = new LinkedHashSet<>();
    for (String e : entries) {
      if (e.startsWith(COUNTRY)) {
        out.add(e.substring(COUNTRY.length()));
      } else if (!e.startsWith(CONTINENT) && !CONTINENTS.contains(e)) {
        out.add(e);
      }
    }
    return Set.copyOf(out);
  }

  /** The continent codes of canonical entries. */
  public static Set<String> continents(Set<String> entries) {
    Set<String> out = new LinkedHashSet<>();
    for (String e : entries) {
      if (e.startsWith(CONTINENT)) {
        out.add(e.substring(CONTINENT.length()));
      } else if (!e.startsWith(COUNTRY) && CONTINENTS.contains(e)) {
        out.add(e);
      }
    }
    return Set.copyOf(out);
  }
}
