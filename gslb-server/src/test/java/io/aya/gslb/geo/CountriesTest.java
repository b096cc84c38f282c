package io.aya.gslb.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CountriesTest {
  @Test
  void tableCoversEveryIsoCountryWithAValidContinentAndPosition() {
    assertEquals(250, Countries.size(), "249 ISO 3166-1 codes plus XK");
    int found = 0;
    for (char a = 'A'; a <= 'Z'; a++) {
      for (char b = 'A'; b <= 'Z'; b++) {
        String code = "" + a + b;
        if (Countries.canonical(code) == null) {
          continue;
        }
        found++;
        assertTrue(List.of(Countries.CONTINENT_CODES).contains(Countries.continentOf(code)), code);
        double lat = Countries.latitudeOf(code);
        double lon = Countries.longitudeOf(code);
        assertTrue(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180, code);
      }
    }
    assertEquals(250, found);
  }

  @Test
  void continentsAndCentresOfWellKnownCountries() {
    assertEquals("EU", Countries.continentOf("IE"));
    assertEquals("NA", Countries.continentOf("US"));
    assertEquals("SA", Countries.continentOf("BR"));
    assertEquals("OC", Countries.continentOf("AU"));
    assertEquals("AF", Countries.continentOf("ZA"));
    assertEquals("AS", Countries.continentOf("SG"));
    assertEquals("AN", Countries.continentOf("AQ"));
    assertEquals(53.41, Countries.latitudeOf("IE"), 1.0);
    assertEquals(-8.24, Countries.longitudeOf("IE"), 1.0);
    assertTrue(Countries.longitudeOf("RU") < 60, "Russia's clients sit west of the Urals");
  }

  @Test
  void codesAreCaseInsensitiveAndUnknownCodesGiveNothing() {
    assertEquals("GB", Countries.canonical("gb"));
    assertEquals("EU", Countries.continentOf("gb"));
    assertNull(Countries.canonical("XX"));
    assertNull(Countries.continentOf("UK"));
    assertNull(Countries.continentOf(null));
    assertTrue(Double.isNaN(Countries.latitudeOf("G")));
    assertNotNull(Countries.continent("eu"));
  }
}
