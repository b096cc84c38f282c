package io.aya.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
  private static String error(ClusterConfig.Builder b) {
    return assertThrows(IllegalArgumentException.class, b::build).getMessage();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    ClusterConfig c = ClusterConfig.builder("ams1").build();
    assertEquals("aya", c.clusterName());
    assertEquals("127.0.0.1", c.bindHost());
    assertEquals(5701, c.port());
    assertEquals(List.of(), c.members());
    assertEquals(2, c.probeRedundancy());
    assertNull(c.stateDir());
    assertEquals(1, c.heartbeatSeconds());
    assertEquals(5, c.failureTimeoutSeconds());
    assertEquals(10, c.mergeIntervalSeconds());
  }

  @Test
  void badValuesAreRejectedWithTheAllowedRange() {
    assertEquals("nodeName: 'a b' (expected: [A-Za-z0-9][A-Za-z0-9._-]{0,62})",
        error(ClusterConfig.builder("a b")));
    assertEquals("port: 65536 (expected: 0..65535)", error(ClusterConfig.builder("a").port(65536)));
    assertEquals("probeRedundancy: 0 (expected: 1..64)", error(ClusterConfig.builder("a").probeRedundancy(0)));
    assertEquals("members: 'host' (expected: host:port with port 1..65535)",
        error(ClusterConfig.builder("a").members(List.of("host"))));
    assertEquals("members: '10.0.0.1:0' (expected: host:port with port 1..65535)",
        error(ClusterConfig.builder("a").members(List.of("10.0.0.1:0"))));
    for (String wildcard : new String[] {"0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", " "}) {
      assertEquals("bindHost: '" + wildcard
          + "' (expected: a host name or address that the other members can reach, not a wildcard)",
          error(ClusterConfig.builder("a").bindHost(wildcard)));
    }
    assertEquals("failureTimeoutSeconds: 3 (expected: >= 2 * heartbeatSeconds = 4)",
        error(ClusterConfig.builder("a").heartbeatSeconds(2).failureTimeoutSeconds(3)));
  }

  @Test
  void ipv6AndHostNameMembersAreAccepted() {
    ClusterConfig c = ClusterConfig.builder("a").members(List.of("[2001:db8::1]:5701", "dns1.example:5701"))
        .secret(SECRET).build();
    assertEquals(List.of("[2001:db8::1]:5701", "dns1.example:5701"), c.members());
    assertEquals("::1", ClusterConfig.builder("a").bindHost("::1").build().bindHost());
  }

  private static final ClusterSecret SECRET = ClusterSecret.of("0123456789abcdef0123".getBytes());

  @Test
  void membersOnOtherHostsRequireAClusterSecret() {
    assertEquals("cluster secret: required because member 10.0.0.2:5701 is on another host (expected: a secret"
        + " file of at least 16 bytes shared by every node, see docs/clustering.md)",
        error(ClusterConfig.builder("a").members(List.of("127.0.0.1:5701", "10.0.0.2:5701"))));
    assertEquals(List.of("127.0.0.1:5701", "[::1]:5702", "localhost:5703"), ClusterConfig.builder("a")
        .members(List.of("127.0.0.1:5701", "[::1]:5702", "localhost:5703")).build().members());
  }

  @Test
  void aSecretShorterThanSixteenBytesIsRefused() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ClusterSecret.of("short-secret\n".getBytes()));
    assertEquals("cluster secret: 12 bytes (expected: at least 16, e.g. the output of 'openssl rand -hex 32')",
        e.getMessage());
  }

  @Test
  void clockSkewIsBounded() {
    assertEquals("maxClockSkewSeconds: 0 (expected: 1..3600)",
        error(ClusterConfig.builder("a").maxClockSkewSeconds(0)));
  }
}
