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
final class Knot implements AutoCloseable {
  private final Process process;
  private final Path log;
  final InetSocketAddress address;

  private Knot(Process process, Path log, InetSocketAddress address) {
    this.process = process;
    this.log = log;
    this.address = address;
  }

  /** Starts knotd for zone {@code origin} (e.g. {@code example.com.}) from {@code zoneFile}, working in {@code dir}. */
  static Knot serve(Path dir, String origin, Path zoneFile) throws IOException {
    Path db = Files.createDirectories(dir.resolve("knot"));
    int port = PeerProcesses.freePort();
    Path conf = db.resolve("knot.conf");
    Files.writeString(conf, String.join("\n",
        "server:",
        "    rundir: \"" + db + "\"",
        "    listen: 127.0.0.1@" + port,
        "    udp-workers: 1",
        "    tcp-workers: 1",
        "    background-workers: 1",
        "log:",
        "  - target: stderr",
        "    any: warning",
        "database:",
        "    storage: \"" + db + "\"",
        "template:",
        "  - id: default",
        "    storage: \"" + db + "\"",
        "    journal-content: none",
        "    zonefile-sync: -1",
        "zone:",
        "  - domain: " + origin,
        "    file: \"" + zoneFile.toAbsolutePath() + "\"",
        ""), StandardCharsets.UTF_8);
    Path log = db.resolve("knotd.log");
    Process p = new ProcessBuilder("knotd", "-c", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    Knot knot = new Knot(p, log, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
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

  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    PeerProcesses.stop(process);
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
