package io.aya.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterNodeTest {
  private final java.util.List<ClusterNode> started = new java.util.ArrayList<>();

  @AfterEach
  void closeAll() {
    for (ClusterNode n : started) {
      n.close();
    }
  }

  private ClusterNode start(ClusterConfig c) {
    ClusterNode n = ClusterNode.start(c);
    started.add(n);
    return n;
  }

  @Test
  void aPutOnOneMemberReachesTheOthersAndFiresTheirListeners() {
    int pa = Nodes.freePort(), pb = Nodes.freePort(), pc = Nodes.freePort();
    List<String> all = Nodes.addresses(pa, pb, pc);
    long t0 = System.currentTimeMillis();
    ClusterNode a = start(Nodes.config("a", pa, all, 2, null));
    long t1 = System.currentTimeMillis();
    ClusterNode b = start(Nodes.config("b", pb, all, 2, null));
    ClusterNode c = start(Nodes.config("c", pc, all, 2, null));
    long t2 = System.currentTimeMillis();
    System.out.println("first start " + (t1 - t0) + " ms, next two " + (t2 - t1) + " ms");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.memberCount() == 3 && c.memberCount() == 3);
    AtomicInteger fired = new AtomicInteger();
    c.addListener(fired::incrementAndGet);
    a.putObservation(new Observation("e@192.0.2.1", "a", false, System.currentTimeMillis(), "HTTP 503"));
    await().atMost(Duration.ofSeconds(5)).until(() -> c.observations().size() == 1 && b.observations().size() == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() > 0);
    assertEquals(false, c.observations().iterator().next().up());
  }
}
