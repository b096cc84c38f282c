package io.aya.gslb.dns;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Test support: a real Knot DNS ({@code knotd}, Debian package {@code knot}) serving one zone file on a free
 * loopback port, as the reference for answers where the RFCs leave room. Started with default semantic checks,
 * so a zone Knot refuses fails the start with Knot's log in the message.
 */
public final class Knot implements AutoCloseable {
  private final PeerProcess process;
  final InetSocketAddress address;

  private Knot(PeerProcess process, InetSocketAddress address) {
    this.process = process;
    this.address = address;
  }

  /** Starts knotd for zone {@code origin} (e.g. {@code example.com.}) from {@code zoneFile}, working in {@code dir}. */
  static Knot serve(Path dir, String origin, Path zoneFile) throws IOException {
    Path db = Files.createDirectories(dir.resolve("knot"));
    int port = PeerProcess.freePort();
    Path conf = writeConfig(db, port, "warning",
        "template:",
        "  - id: default",
        "    storage: \"" + db + "\"",
        "    journal-content: none",
        "    zonefile-sync: -1",
        "zone:",
        "  - domain: " + origin,
        "    file: \"" + zoneFile.toAbsolutePath() + "\"");
    PeerProcess p = start(db);
    Knot knot = new Knot(p, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    try {
      Message probe = TestDns.query(origin, Type.SOA);
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .failFast("knotd exited: " + knot.log(), () -> !p.isAlive())
          .until(() -> {
            Message m = TestDns.udp(knot.address, probe);
            return m.getRcode() == Rcode.NOERROR && !m.getSection(Section.ANSWER).isEmpty();
          });
    } catch (RuntimeException | Error e) {
      knot.close();
      throw new IllegalStateException("knotd did not serve " + origin + ": " + knot.log(), e);
    }
    return knot;
  }

  /**
   * Writes {@code db/knot.conf}: the {@code server} section (one worker each, rundir {@code db}, listening on
   * {@code 127.0.0.1@port}), logging to stderr at {@code logLevel}, the database in {@code db}, then
   * {@code sections} (templates, keys, remotes, zones), one line each.
   */
  public static Path writeConfig(Path db, int port, String logLevel, String... sections) throws IOException {
    List<String> lines = new ArrayList<>(List.of(
        "server:",
        "    rundir: \"" + db + "\"",
        "    listen: 127.0.0.1@" + port,
        "    udp-workers: 1",
        "    tcp-workers: 1",
        "    background-workers: 1",
        "log:",
        "  - target: stderr",
        "    any: " + logLevel,
        "database:",
        "    storage: \"" + db + "\""));
    lines.addAll(List.of(sections));
    lines.add("");
    Path conf = db.resolve("knot.conf");
    Files.writeString(conf, String.join("\n", lines), StandardCharsets.UTF_8);
    return conf;
  }

  /** Starts {@code knotd} on {@code db/knot.conf}, logging to {@code db/knotd.log}. */
  public static PeerProcess start(Path db) throws IOException {
    return PeerProcess.start(db.resolve("knotd.log"), "knotd", "-c", db.resolve("knot.conf").toString());
  }

  String log() {
    return process.log();
  }

  @Override
  public void close() {
    process.close();
  }

  /**
   * What a reply says, for comparing two servers: rcode, AA, the answer section in order, authority and
   * additional (without OPT) sorted, one record per line in presentation format.
   */
  static String sections(Message m) {
    StringBuilder sb = new StringBuilder();
    sb.append("rcode ").append(Rcode.string(m.getRcode()))
        .append(m.getHeader().getFlag(org.xbill.DNS.Flags.AA) ? " aa" : "")
        .append(m.getHeader().getFlag(org.xbill.DNS.Flags.TC) ? " tc" : "")
        .append('\n');
    sb.append(";; answer\n");
    for (Record r : m.getSection(Section.ANSWER)) {
      sb.append(r).append('\n');
    }
    for (int section : new int[] {Section.AUTHORITY, Section.ADDITIONAL}) {
      sb.append(section == Section.AUTHORITY ? ";; authority\n" : ";; additional\n");
      List<String> lines = new ArrayList<>();
      for (Record r : m.getSection(section)) {
        if (r.getType() != Type.OPT) {
          lines.add(r.toString());
        }
      }
      lines.sort(null);
      for (String l : lines) {
        sb.append(l).append('\n');
      }
    }
    return sb.toString();
  }
}
