package io.aya.gslb.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.aya.gslb.health.HealthViewSource;
import io.aya.gslb.zone.ReloadResult;
import io.aya.gslb.zone.ZoneRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forwarder on {@code ::1} shows IPv6 addresses in RFC 5952 text ({@code 2001:db8::10}, {@code [::1]:443}),
 * not Java's {@code 2001:db8:0:0:0:0:0:10}: in {@code GET /api/v1/forwarders}, in the member tag of its
 * metrics, and in the PROXY protocol header it sends a member.
 */
class ForwardAddressTextTest {
  @TempDir Path dir;
  private final EventLoopGroup backendGroup = ForwardTransport.NIO.newGroup(1);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TcpBackend backend;
  private Forwarder forwarder;

  @AfterEach
  void stop() {
    if (forwarder != null) {
      forwarder.close();
    }
    if (backend != null) {
      backend.close();
    }
    backendGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void ipv6AddressesAreCompressedInTheReportTheMetricsAndTheProxyHeader() throws Exception {
    // region a's member on 127.0.0.2 takes the connections; region b's member is only listed (fallback pool)
    backend = TcpBackend.start(backendGroup, "127.0.0.2", TcpBackend.Mode.PROXY_ID, 7);
    int port = backend.address.getPort();
    Files.writeString(dir.resolve("example.com.zone"), String.join("\n",
        "$ORIGIN example.com.",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION a 50 0",
        "$REGION b 40 -70",
        "www 30 IN GSLB a 127.0.0.2",
        "www 30 IN GSLB b 2001:DB8:0:0:0:0:0:10",
        "$POLICY www priority=a,b",
        "$FORWARD www tcp:" + port + " lb=round-robin proxy=v1 fallback=next-region",
        ""));
    ZoneRepository zones = new ZoneRepository(dir);
    ReloadResult loaded = zones.reload();
    assertThat(loaded.ok()).as("zone errors: %s", loaded.errors()).isTrue();
    forwarder = new Forwarder("n1", "a", InetAddress.getByName("::1"), ForwardSettings.DEFAULTS,
        HealthViewSource.ALL_UP, RegionRanker.NONE, meters, 1);
    forwarder.onZones(zones.current());
    assertThat(forwarder.listening(io.aya.gslb.zone.ForwardSpec.Protocol.TCP, port)).as("listening on [::1]").isNotNull();

    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("::1", port), 5000);
      s.setSoTimeout(5000);
      assertThat(s.getInputStream().read()).isEqualTo(7);
    }
    HAProxyMessage h = backend.proxyHeaders.get(0);
    assertThat(h.sourceAddress()).isEqualTo("::1");
    assertThat(h.destinationAddress()).isEqualTo("::1");
    h.release();

    ForwardersReport report = forwarder.report();
    assertThat(report.forwardAddress()).isEqualTo("::1");
    ForwardersReport.Listener l = report.listeners().get(0);
    assertThat(l.listen()).isEqualTo("[::1]:" + port);
    assertThat(l.members()).extracting(ForwardersReport.Member::address).containsExactlyInAnyOrder("127.0.0.2", "2001:db8::10");
    assertThat(meters.find("aya.forward.member.connections").tag("member", "[2001:db8::10]:" + port)
        .tag("region", "b").functionCounter()).as("member tag of region b").isNotNull();
    assertThat(meters.find("aya.forward.member.connections").tag("member", "127.0.0.2:" + port)
        .functionCounter().count()).isEqualTo(1.0);
  }
}
