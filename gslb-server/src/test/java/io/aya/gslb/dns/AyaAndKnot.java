package io.aya.gslb.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aya.gslb.zone.ZoneFileParser;
import io.aya.gslb.zone.ZoneSet;
import java.nio.file.Path;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * Test support: AYA (port 0, {@link TestDns.Running}) and Knot ({@link Knot}) serving the same zone, and the
 * comparison of their answers section by section.
 */
final class AyaAndKnot implements AutoCloseable {
  final TestDns.Running aya;
  final Knot knot;

  private AyaAndKnot(TestDns.Running aya, Knot knot) {
    this.aya = aya;
    this.knot = knot;
  }

  /**
   * Starts AYA on {@code ayaFile} and Knot on {@code knotFile} (the same records, without GSLB constructs), zone
   * {@code origin}, Knot working in {@code dir}.
   */
  static AyaAndKnot start(Path dir, String origin, Path ayaFile, Path knotFile) throws Exception {
    TestDns.Running aya = new TestDns.Running(TestDns.config(), ZoneSet.of(List.of(ZoneFileParser.parse(ayaFile))));
    try {
      return new AyaAndKnot(aya, Knot.serve(dir, origin, knotFile));
    } catch (Exception | Error e) {
      aya.close();
      throw e;
    }
  }

  /** AYA answers {@code qname}/{@code qtype} over UDP and TCP as Knot answers it over UDP. */
  void assertSameAnswers(String qname, int qtype) {
    Message q = TestDns.query(qname, qtype);
    String reference = Knot.sections(TestDns.udp(knot.address, q));
    assertEquals(reference, Knot.sections(TestDns.udp(aya.address(), q)), "UDP " + qname + " " + Type.string(qtype));
    assertEquals(reference, Knot.sections(TestDns.tcp(aya.address(), q)), "TCP " + qname + " " + Type.string(qtype));
  }

  @Override
  public void close() {
    try {
      knot.close();
    } finally {
      aya.close();
    }
  }
}
