package io.aya.gslb.dnssec;

import static org.awaitility.Awaitility.await;

import io.aya.gslb.dns.PeerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Test support: a real validating Unbound ({@code /usr/sbin/unbound}, Debian package {@code unbound}) on a free
 * loopback port, unprivileged, with one stub zone pointing at AYA and a trust anchor for it; client subnet
 * (RFC 7871) forwarded to AYA so that clients in different places get different answers.
 */
final class Unbound implements AutoCloseable {
  private final PeerProcess process;
  final InetSocketAddress address;

  private Unbound(PeerProcess process, InetSocketAddress address) {
    this.process = process;
    this.address = address;
  }

  /** Validates {@code zone} (e.g. {@code example.com.}) served at {@code authority} against {@code trustAnchor}. */
  static Unbound start(Path dir, String zone, InetSocketAddress authority, String trustAnchor) throws IOException {
    Path work = Files.createDirectories(dir);
    int port = PeerProcess.freePort();
    Path conf = work.resolve("unbound.conf");
    Files.writeString(conf, String.join("\n",
        "server:",
        "  interface: 127.0.0.1",
        "  port: " + port,
        "  do-daemonize: no",
        "  username: \"\"",
        "  chroot: \"\"",
        "  directory: \"" + work + "\"",
        "  pidfile: \"\"",
        "  use-syslog: no",
        "  logfile: \"\"",
        "  verbosity: 1",
        "  val-log-level: 2",
        "  num-threads: 1",
        "  do-ip6: no",
        "  do-not-query-localhost: no",
        "  qname-minimisation: no",
        "  access-control: 127.0.0.0/8 allow",
        "  module-config: \"subnetcache validator iterator\"",
        "  send-client-subnet: 127.0.0.1",
        "  client-subnet-always-forward: yes",
        "  max-client-subnet-ipv4: 24",
        "  trust-anchor-signaling: no",
        "  root-key-sentinel: no",
        "  trust-anchor: \"" + trustAnchor + "\"",
        "stub-zone:",
        "  name: \"" + zone + "\"",
        "  stub-addr: " + authority.getAddress().getHostAddress() + "@" + authority.getPort(),
        "remote-control:",
        "  control-enable: no",
        ""), StandardCharsets.UTF_8);
    PeerProcess p = PeerProcess.start(work.resolve("unbound.log"), "/usr/sbin/unbound", "-d", "-c", conf.toString());
    Unbound u = new Unbound(p, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    try {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .failFast("unbound exited: " + u.log(), () -> !p.isAlive())
          .until(() -> u.query("id.server.", Type.TXT, null) != null);
    } catch (RuntimeException | Error e) {
      u.close();
      throw new IllegalStateException("unbound did not start: " + u.log(), e);
    }
    return u;
  }

  /** Asks Unbound with DO set, from {@code ecsClient}/24 when not null. */
  Message query(String name, int type, String ecsClient) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    List<EDNSOption> options = new ArrayList<>();
    if (ecsClient != null) {
      options.add(new ClientSubnetOption(24,
          org.xbill.DNS.Address.truncate(InetAddress.getByName(ecsClient), 24)));
    }
    q.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO, options), Section.ADDITIONAL);
    SimpleResolver r = new SimpleResolver(address);
    r.setTimeout(Duration.ofSeconds(5));
    return r.send(q);
  }

  String log() {
    return process.log();
  }

  @Override
  public void close() {
    process.close();
  }
}
