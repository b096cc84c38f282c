package io.aya.gslb.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Signatures renewed before they expire and keys rolled by their BIND timing metadata, with the clock moved
 * instead of waited for and key files made by BIND's own dnssec-keygen/dnssec-settime (package bind9-utils).
 */
class KeyRolloverTest {
  @TempDir Path dir;

  static final String ZONE = SignedServer.ZONE.replace("$DNSSEC algorithm=13", "$DNSSEC keys=../keys");

  /** Runs a BIND key tool in {@code keys}; returns its standard output, trimmed. */
  private static String bind(Path keys, String... command) throws IOException, InterruptedException {
    Files.createDirectories(keys);
    Process p = new ProcessBuilder(command).directory(keys.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, () -> String.join(" ", command) + ": " + out);
    return out;
  }

  private static Set<Integer> signers(Message m) {
    Set<Integer> tags = new TreeSet<>();
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof RRSIGRecord) {
        tags.add(((RRSIGRecord) r).getFootprint());
      }
    }
    return tags;
  }

  private static Set<Integer> tags(List<DNSKEYRecord> keys) {
    Set<Integer> tags = new TreeSet<>();
    for (DNSKEYRecord k : keys) {
      tags.add(k.getFootprint());
    }
    return tags;
  }

  private static int tag(String keyName) {
    return Integer.parseInt(keyName.substring(keyName.lastIndexOf('+') + 1));
  }

  @Test
  void signaturesAreRenewedBeforeTheyExpireWithoutAReload() throws Exception {
    try (SignedServer server = SignedServer.start(dir)) {
      RRSIGRecord before = (RRSIGRecord) server.query("mail.example.com.", Type.A).getSection(Section.ANSWER).get(1);
      server.clock.advance(Duration.ofDays(6));
      server.zones.republish();
      RRSIGRecord same = (RRSIGRecord) server.query("mail.example.com.", Type.A).getSection(Section.ANSWER).get(1);
      assertEquals(before.getExpire(), same.getExpire(), "more than refresh=7d left: nothing to renew");
      server.clock.advance(Duration.ofDays(2));
      server.zones.republish();
      Message after = server.query("mail.example.com.", Type.A);
      RRSIGRecord renewed = (RRSIGRecord) after.getSection(Section.ANSWER).get(1);
      assertTrue(renewed.getExpire().isAfter(before.getExpire().plus(Duration.ofDays(7))), renewed.toString());
      assertEquals(1, server.verify(after, Section.ANSWER, server.dnskeys()), "valid at the moved clock");
      Message balanced = server.query("www.example.com.", Type.A, true, "172.16.5.0");
      assertEquals(1, server.verify(balanced, Section.ANSWER, server.dnskeys()), "balanced answers re-signed too");
    }
  }

  @Test
  void bindKeyFilesWithAKskAndAZskSplitTheSigning() throws Exception {
    Path keys = dir.resolve("keys");
    int ksk = tag(bind(keys, "dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "example.com"));
    int zsk = tag(bind(keys, "dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "example.com"));
    try (SignedServer server = SignedServer.start(dir, ZONE)) {
      List<DNSKEYRecord> dnskeys = server.dnskeys();
      assertEquals(Set.of(ksk, zsk), tags(dnskeys));
      assertEquals(Set.of(ksk), signers(server.query("example.com.", Type.DNSKEY)));
      assertEquals(Set.of(ksk), signers(server.query("example.com.", Type.CDS)));
      Message a = server.query("mail.example.com.", Type.A);
      assertEquals(Set.of(zsk), signers(a));
      assertEquals(1, server.verify(a, Section.ANSWER, dnskeys));
      assertEquals(Set.of(zsk), signers(server.query("www.example.com.", Type.A, true, "192.168.1.0")));
      assertEquals(List.of(ksk), server.dnssec.ds(server.zone()).stream().map(d -> d.getFootprint()).toList());
    }
  }

  @Test
  void rolloverPrePublishesThenSwitchesThenRemovesAndNoAnswerGoesUnsigned() throws Exception {
    Path keys = dir.resolve("keys");
    String oldKey = bind(keys, "dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "example.com");
    try (SignedServer server = SignedServer.start(dir, ZONE)) {
      int old = tag(oldKey);
      assertEquals(Set.of(old), tags(server.dnskeys()));
      // 1. pre-publish: the new key is published now and signs in 2 hours; the old one retires then
      int next = tag(bind(keys, "dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "-P", "now",
          "-A", "now+2h", "example.com"));
      bind(keys, "dnssec-settime", "-I", "now+2h", "-D", "now+1d", oldKey);
      // the next check (every minute), which sees the key files as written "now" by the tools
      server.clock.advance(Duration.ofMinutes(1));
      server.zones.republish();
      assertEquals(Set.of(old, next), tags(server.dnskeys()));
      Message a = server.query("mail.example.com.", Type.A);
      assertEquals(Set.of(old), signers(a));
      // 2. switch: after the activation time everything is signed with the new key, both still published
      server.clock.advance(Duration.ofHours(3));
      server.zones.republish();
      List<DNSKEYRecord> both = server.dnskeys();
      assertEquals(Set.of(old, next), tags(both));
      Message switched = server.query("mail.example.com.", Type.A);
      assertEquals(Set.of(next), signers(switched));
      assertEquals(1, server.verify(switched, Section.ANSWER, both));
      assertEquals(Set.of(next), signers(server.query("www.example.com.", Type.A, true, "10.0.0.0")));
      assertEquals(Set.of(next), signers(server.query("example.com.", Type.DNSKEY)));
      // 3. remove: after the delete time only the new key is left
      server.clock.advance(Duration.ofDays(1));
      server.zones.republish();
      List<DNSKEYRecord> last = server.dnskeys();
      assertEquals(Set.of(next), tags(last));
      assertEquals(1, server.verify(server.query("mail.example.com.", Type.A), Section.ANSWER, last));
      List<Integer> ds = new ArrayList<>();
      server.dnssec.ds(server.zone()).forEach(d -> ds.add(d.getFootprint()));
      assertEquals(List.of(next), ds);
    }
  }
}
