package io.aya.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Hazelcast configuration every AYA member runs with, as built from a {@link ClusterConfig}. */
class HazelcastSetupTest {
  private final ClusterConfig cfg = ClusterConfig.builder("ams1").clusterName("prod").bindHost("10.0.1.10")
      .port(5701).members(List.of("10.0.1.10:5701", "10.0.2.10:5701"))
      .secret(ClusterSecret.of("0123456789abcdef0123".getBytes())).build();
  private final Config c = HazelcastSetup.build(cfg);

  @Test
  void membersJoinOnlyThroughTheExplicitListWithMulticastAndAutoDetectionOff() {
    JoinConfig join = c.getNetworkConfig().getJoin();
    assertFalse(join.getMulticastConfig().isEnabled(), "multicast");
    assertFalse(join.getAutoDetectionConfig().isEnabled(), "auto-detection");
    assertTrue(join.getTcpIpConfig().isEnabled(), "tcp-ip join");
    assertEquals(List.of("10.0.1.10:5701", "10.0.2.10:5701"), join.getTcpIpConfig().getMembers());
    assertFalse(join.getAwsConfig().isEnabled() || join.getKubernetesConfig().isEnabled()
        || join.getGcpConfig().isEnabled() || join.getAzureConfig().isEnabled() || join.getEurekaConfig().isEnabled(),
        "cloud discovery");
    assertEquals("prod", c.getClusterName());
    assertEquals(5701, c.getNetworkConfig().getPort());
    assertFalse(c.getNetworkConfig().isPortAutoIncrement());
    assertEquals("10.0.1.10", c.getProperty("hazelcast.local.localAddress"));
  }

  @Test
  void aDeadMemberIsDroppedAfterTheFailureTimeoutNotHazelcastsMinute() {
    assertEquals("deadline", c.getProperty("hazelcast.heartbeat.failuredetector.type"));
    assertEquals("1", c.getProperty("hazelcast.heartbeat.interval.seconds"));
    assertEquals("5", c.getProperty("hazelcast.max.no.heartbeat.seconds"));
  }

  @Test
  void everySharedMapMergesByTheValuesOwnTimestampsAndNothingPhonesHome() {
    for (String map : HazelcastSetup.MAPS) {
      assertEquals(TimestampMergePolicy.class.getName(),
          c.getReplicatedMapConfig(map).getMergePolicyConfig().getPolicy(), map);
    }
    assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
    assertEquals("slf4j", c.getProperty("hazelcast.logging.type"));
    assertFalse(c.getJetConfig().isEnabled(), "jet");
    // no CP subsystem: it stays at Hazelcast's default of zero CP members (Enterprise-only since 5.5)
    assertEquals(0, c.getCPSubsystemConfig().getCPMemberCount());
  }
}
