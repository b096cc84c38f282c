package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.aya.gslb.config.ConfigLoader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A node of a cluster whose admin token is its own generated one (each node's differs, so one node's token
 * gets 401 from the others) says so at start; a node given the shared token does not.
 */
class ClusterTokenWarningTest {
  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AyaNode.class);

  @BeforeEach
  void capture() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
  }

  private ConfigLoader.Settings clustered() throws Exception {
    TestNode.write(dir.resolve("zones/t.test.zone"), "$ORIGIN t.test.\n@ 60 IN SOA ns1 h 1 7200 900 1209600 60\n"
        + "@ 60 IN NS ns1\nns1 60 IN A 192.0.2.53\n");
    ConfigLoader.Settings s = TestNode.settings(dir.resolve("zones"), dir.resolve("state"));
    int nobody;
    try (ServerSocket free = new ServerSocket(0)) {
      nobody = free.getLocalPort();
    }
    s.clusterMembers = List.of("127.0.0.1:" + nobody);
    return s;
  }

  private List<String> warnings() {
    return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void aClusteredNodeWithAGeneratedTokenWarnsThatOtherNodesWillRefuseIt() throws Exception {
    try (AyaNode node = AyaNode.start(ConfigLoader.load(null, clustered(), TestNode.noEnv()))) {
      assertThat(warnings()).anyMatch(w -> w.contains("is part of a cluster: give every node the same token"));
    }
  }

  @Test
  void aClusteredNodeGivenTheSharedTokenDoesNotWarn() throws Exception {
    try (AyaNode node = AyaNode.start(ConfigLoader.load(null, clustered(),
        name -> name.equals("AYA_ADMIN_TOKEN") ? "shared-cluster-token-0123456789" : null))) {
      assertThat(node.adminToken()).isEqualTo("shared-cluster-token-0123456789");
      assertThat(warnings()).noneMatch(w -> w.contains("same token"));
    }
  }
}
