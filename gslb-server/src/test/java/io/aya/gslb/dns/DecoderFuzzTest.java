package io.aya.gslb.dns;

import static io.aya.gslb.dns.TestDns.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * A bounded mutation fuzzer over the DNS decoder, against the real server over UDP: mutants of the seed corpus
 * ({@code src/test/resources/fuzz/dns-queries.txt}: bit flips, byte changes, cuts, insertions, duplicated
 * spans) are either answered (FORMERR for what cannot be read; never SERVFAIL, never an internal error) or
 * dropped, and after every batch a valid query is still answered correctly. Runs {@code aya.fuzz.seconds}
 * seconds (2 by default; {@code bench/fuzz.sh} runs it longer) from seed {@code aya.fuzz.seed}.
 */
class DecoderFuzzTest {
  static List<byte[]> corpus(String resource) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (InputStream in = DecoderFuzzTest.class.getResourceAsStream(resource)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(HexFormat.of().parseHex(line.substring(line.lastIndexOf(' ') + 1).trim()));
        }
      }
    }
    return out;
  }

  static byte[] mutate(byte[] seed, Random r) {
    byte[] b = seed.clone();
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(6)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = (byte) r.nextInt(256);
        case 2 -> b = Arrays.copyOf(b, at);
        case 3 -> {
          byte[] n = new byte[b.length + 1 + r.nextInt(8)];
          System.arraycopy(b, 0, n, 0, at);
          for (int i = at; i < at + n.length - b.length; i++) {
            n[i] = (byte) (r.nextBoolean() ? 0xC0 : r.nextInt(256));
          }
          System.arraycopy(b, at, n, at + n.length - b.length, b.length - at);
          b = n;
        }
        case 4 -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(16));
          byte[] n = Arrays.copyOf(b, b.length + len);
          System.arraycopy(b, at, n, b.length, len);
          b = n;
        }
        default -> b[at] = (byte) (r.nextBoolean() ? 0 : 0xFF);
      }
    }
    return b;
  }

  @Test
  void mutatedQueriesGetFormerrOrAnAnswerOrNothingAndTheServerKeepsAnswering() throws IOException {
    long seconds = Long.getLong("aya.fuzz.seconds", 2);
    long seed = Long.getLong("aya.fuzz.seed", 20261203L);
    List<byte[]> seeds = corpus("/fuzz/dns-queries.txt");
    Random r = new Random(seed);
    int sent = 0;
    int answered = 0;
    try (TestDns.Running dns = new TestDns.Running(TestDns.config().withRrl(DnsConfig.Rrl.OFF),
            io.aya.gslb.zone.ZoneSet.of(List.of(TestDns.exampleZone(40))));
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      s.setReceiveBufferSize(1 << 20);
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      byte[] buf = new byte[65535];
      while (System.nanoTime() < end) {
        for (int i = 0; i < 200; i++) {
          byte[] m = mutate(seeds.get(r.nextInt(seeds.size())), r);
          s.send(new DatagramPacket(m, m.length, dns.address()));
          sent++;
        }
        Message probe = query("www.example.com.", Type.A);
        byte[] p = probe.toWire();
        s.send(new DatagramPacket(p, p.length, dns.address()));
        s.setSoTimeout(3000);
        while (true) {
          DatagramPacket d = new DatagramPacket(buf, buf.length);
          try {
            s.receive(d);
          } catch (SocketTimeoutException e) {
            throw new AssertionError("the valid query after " + sent + " mutants (seed " + seed + ") got no answer");
          }
          answered++;
          int rcode = buf[3] & 0xF;
          assertTrue(rcode != Rcode.SERVFAIL, "no internal error (seed " + seed + ")");
          int id = (buf[0] & 0xFF) << 8 | (buf[1] & 0xFF);
          if (id == probe.getHeader().getID() && (buf[2] & 0x80) != 0 && d.getLength() > 12
              && TestDns.parse(Arrays.copyOf(buf, d.getLength())).getQuestion() != null
              && TestDns.parse(Arrays.copyOf(buf, d.getLength())).getQuestion().getName().equals(
                  probe.getQuestion().getName())) {
            assertEquals(Rcode.NOERROR, rcode);
            break;
          }
        }
      }
      assertEquals(0.0, dns.meters.get("aya.dns.errors").tag("reason", "internal").counter().count());
      assertTrue(dns.meters.get("aya.dns.errors").tag("reason", "malformed").counter().count() > 0);
    }
    assertTrue(answered > 0 && sent >= 200, sent + " mutants sent");
  }
}
