package io.aya.gslb.zone;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A load probe declared by {@code $LOAD region url=http://... [field=json.path] [interval=5s]}: the URL
 * returns the region's current load in capacity units, as a bare number or in a JSON field.
 *
 * @param field dotted path of the JSON field holding the number, or null when the body is a bare number
 */
public record LoadProbe(String region, URI url, String field, Duration interval) {
  public LoadProbe {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(interval, "interval");
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("url: " + url + " (expected: http:// or https://)");
    }
  }
}
