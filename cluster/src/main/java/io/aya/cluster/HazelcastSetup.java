package io.aya.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.ReplicatedMapConfig;
import java.util.List;

/**
 * Turns a {@link ClusterConfig} into Hazelcast's programmatic {@link Config}: TCP/IP join with the explicit
 * member list (multicast and auto-detection off), fast failure detection, prompt split-brain healing with
 * {@link TimestampMergePolicy}, no phone-home, SLF4J logging, no shutdown hook (the owner closes the node).
 */
final class HazelcastSetup {
  static final String OBSERVATIONS = "aya.observations";
  static final String LOADS = "aya.loads";
  static final String OVERRIDES = "aya.overrides";
  static final String NETWORKS = "aya.networks";
  static final String HEARTBEATS = "aya.heartbeats";
  static final List<String> MAPS = List.of(OBSERVATIONS, LOADS, OVERRIDES, NETWORKS, HEARTBEATS);
  /**
   * Key prefix in {@link #HEARTBEATS} of a node's request, after it merged into another cluster, that the
   * others re-assert their values (node names cannot contain {@code |}).
   */
  static final String RESYNC_PREFIX = "resync|";
  /** Member attribute carrying the AYA node name. */
  static final String NODE_ATTRIBUTE = "aya.node";
  /** Member attributes carrying the node's L4 region and forward address, when it forwards. */
  static final String REGION_ATTRIBUTE = "aya.region";
  static final String FORWARD_ATTRIBUTE = "aya.forward";
  /** Few partitions: the shared state is small, and fewer partitions make joins and migrations quick. */
  static final int PARTITION_COUNT = 31;

  private HazelcastSetup() {}

  static Config build(ClusterConfig cfg) {
    Config c = new Config();
    c.setClusterName(cfg.clusterName());
    c.setInstanceName("aya-" + cfg.nodeName());
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    c.setProperty("hazelcast.health.monitoring.level", "OFF");
    c.setProperty("hazelcast.partition.count", Integer.toString(PARTITION_COUNT));
    // Deadline failure detector: a member that sent no heartbeat for failureTimeout is removed.
    c.setProperty("hazelcast.heartbeat.failuredetector.type", "deadline");
    c.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(cfg.heartbeatSeconds()));
    c.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(cfg.failureTimeoutSeconds()));
    // Look for the other side of a partition among the configured members this often (default 300 s/120 s).
    c.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(cfg.mergeIntervalSeconds()));
    c.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(cfg.mergeIntervalSeconds()));
    // The master may hold join requests back to admit several joiners at once (default 5 s, at most 20 s);
    // joins are rare and the state is small, so admit them at once. (A node whose listed members are all
    // unreachable forms a cluster of one after the 1 s connection timeout below, whatever these say.)
    c.setProperty("hazelcast.wait.seconds.before.join", "1");
    c.setProperty("hazelcast.max.wait.seconds.before.join", "2");
    c.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
    c.setProperty("hazelcast.local.localAddress", cfg.bindHost());
    c.setProperty("hazelcast.socket.bind.any", "false");
    c.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, cfg.nodeName());
    if (cfg.region() != null) {
      c.getMemberAttributeConfig().setAttribute(REGION_ATTRIBUTE, cfg.region());
      c.getMemberAttributeConfig().setAttribute(FORWARD_ATTRIBUTE, cfg.forwardAddress());
    }
    c.getJetConfig().setEnabled(false);
    // Hazelcast's own metrics (for its Management Center and JMX) are collected every 5 s by walking every
    // probe; AYA exports its cluster figures through Micrometer and reads none of them.
    c.getMetricsConfig().setEnabled(false);

    NetworkConfig network = c.getNetworkConfig();
    network.setPort(cfg.port()).setPortAutoIncrement(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cfg.members()).setConnectionTimeoutSeconds(1);

    for (String name : MAPS) {
      c.addReplicatedMapConfig(new ReplicatedMapConfig(name)
          .setInMemoryFormat(InMemoryFormat.OBJECT)
          .setAsyncFillup(true)
          .setStatisticsEnabled(false)
          .setMergePolicyConfig(new MergePolicyConfig(TimestampMergePolicy.class.getName(), 100)));
    }
    return c;
  }
}
