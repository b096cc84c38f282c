package io.aya.gslb.node;

import io.aya.gslb.admin.ApiException;
import io.aya.gslb.dnssec.DnssecService;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.utils.base16;

/**
 * {@code GET /api/v1/zones/{zone}/ds}: the DS records a signed zone's parent should hold, and the public keys
 * they point at (docs/dnssec.md). Public material only: no private key is ever part of it.
 *
 * @param zone the zone, absolute
 * @param ds one per published key signing key, SHA-256 (RFC 4509)
 * @param dnskeys the DNSKEY records the DS records point at, in presentation format
 */
public record ZoneKeysListing(String zone, List<Ds> ds, List<String> dnskeys) {
  public ZoneKeysListing {
    ds = List.copyOf(ds);
    dnskeys = List.copyOf(dnskeys);
  }

  /**
   * @param record the whole DS record in presentation format, as a parent's zone file or a registrar takes it
   */
  public record Ds(int keyTag, int algorithm, int digestType, String digest, String record) {}

  /** {@code GET /api/v1/zones/{zone}/signed}: the served version as a signed zone file. */
  static String signedZone(ZoneSet zones, DnssecService dnssec, String zoneText) {
    Zone zone = zones.zone(origin(zoneText));
    io.aya.gslb.dnssec.SignedZone sz = zone == null || dnssec == null ? null : dnssec.signed(zone);
    if (sz == null) {
      throw new ApiException(404, "zone " + zoneText + " is not served here signed");
    }
    return io.aya.gslb.dnssec.SignedZoneFile.text(sz);
  }

  private static Name origin(String zoneText) {
    try {
      return Name.fromString(zoneText, Name.root);
    } catch (TextParseException e) {
      throw new ApiException(400, "zone: " + zoneText + " (expected: a domain name)");
    }
  }

  static ZoneKeysListing of(ZoneSet zones, DnssecService dnssec, String zoneText) {
    Name origin = origin(zoneText);
    Zone zone = zones.zone(origin);
    if (zone == null) {
      throw new ApiException(404, "zone " + origin + " is not served here");
    }
    List<DSRecord> records = dnssec == null ? List.of() : dnssec.ds(zone);
    if (records.isEmpty()) {
      throw new ApiException(404, "zone " + origin + " is not signed (no $DNSSEC line)");
    }
    List<Ds> ds = new ArrayList<>();
    for (DSRecord r : records) {
      ds.add(new Ds(r.getFootprint(), r.getAlgorithm(), r.getDigestID(),
          base16.toString(r.getDigest()).toUpperCase(Locale.ROOT), r.toString()));
    }
    List<String> keys = new ArrayList<>();
    for (DNSKEYRecord k : DnssecService.parentKeys(dnssec.signed(zone).zone())) {
      keys.add(k.toString());
    }
    return new ZoneKeysListing(origin.toString(), ds, keys);
  }
}
