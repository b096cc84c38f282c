package io.aya.gslb.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** {@link Zone#lookup}: the one walk (exact node, zone cut, wildcard at the closest encloser) that DNS and explain share. */
class NameLookupTest {
  @TempDir static Path dir;
  static Zone zone;

  @BeforeAll
  static void parse() throws Exception {
    Path f = dir.resolve("example.test.zone");
    Files.writeString(f, String.join("\n",
        "$ORIGIN example.test.",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION us-east 39.04 -77.49",
        "www IN GSLB us-east 192.0.2.10",
        "*.edge IN GSLB us-east 192.0.2.60",
        "static.edge IN A 192.0.2.62",
        "sub IN NS ns.sub",
        "ns.sub IN A 192.0.2.54",
        "old IN DNAME new.example.test.",
        ""));
    zone = ZoneFileParser.parse(f);
  }

  private static NameLookup lookup(String name) throws Exception {
    return zone.lookup(Name.fromString(name));
  }

  @Test
  void anExistingBalancedNameIsFoundAtItsOwnNode() throws Exception {
    NameLookup l = lookup("www.example.test.");
    assertThat(l.synthesized()).isFalse();
    assertThat(l.balanced().name()).isEqualTo(Name.fromString("www.example.test."));
  }

  @Test
  void aMissingNameUnderAWildcardIsAnsweredByTheWildcard() throws Exception {
    NameLookup l = lookup("a.b.edge.example.test.");
    assertThat(l.synthesized()).isTrue();
    assertThat(l.balanced().name()).isEqualTo(Name.fromString("*.edge.example.test."));
  }

  @Test
  void anExistingStaticNameBesideAWildcardIsNotBalanced() throws Exception {
    NameLookup l = lookup("static.edge.example.test.");
    assertThat(l.exact()).isNotNull();
    assertThat(l.balanced()).isNull();
  }

  @Test
  void aNameAtOrBelowADelegationIsReferredAndNeverBalanced() throws Exception {
    assertThat(lookup("sub.example.test.").cut().name()).isEqualTo(Name.fromString("sub.example.test."));
    NameLookup below = lookup("www.sub.example.test.");
    assertThat(below.cut().name()).isEqualTo(Name.fromString("sub.example.test."));
    assertThat(below.balanced()).isNull();
  }

  @Test
  void aNameBelowADnameIsRedirectedAndNeverBalanced() throws Exception {
    NameLookup l = lookup("www.old.example.test.");
    assertThat(l.redirect().name()).isEqualTo(Name.fromString("old.example.test."));
    assertThat(l.cut()).isNull();
    assertThat(l.balanced()).isNull();
    assertThat(lookup("old.example.test.").redirect()).as("the DNAME owner itself is not redirected").isNull();
  }

  @Test
  void aNameWithoutNodeOrWildcardFindsNothing() throws Exception {
    NameLookup l = lookup("nothing.example.test.");
    assertThat(l.node()).isNull();
    assertThat(l.cut()).isNull();
    assertThat(l.balanced()).isNull();
  }
}
