package io.aya.gslb.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aya.gslb.zone.ForwardSpec.Lb;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each {@code lb=} algorithm over 10,000 real connections through a listener to real backends on
 * 127.0.0.x; the backend that served a connection tells the client its id.
 */
@ExtendWith(LeakWatch.Extension.class)
class ForwardBalancingTest {
  private static final int N = 10_000;
  private ForwardFixture f;

  @BeforeEach
  void fixture() {
    f = new ForwardFixture();
  }

  @AfterEach
  void close() {
    f.close();
  }

  private List<TcpBackend> backends(int n, TcpBackend.Mode mode) throws InterruptedException {
    List<TcpBackend> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(f.backend("127.0.0." + (10 + i), mode, i));
    }
    return out;
  }

  private static double share(int[] histogram, int i, int n) {
    return (double) histogram[i] / n;
  }

  @Test
  void roundRobinGivesEveryMemberAThird() throws Exception {
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.ROUND_ROBIN), backends(3, TcpBackend.Mode.ID), null);
    int[] h = ForwardFixture.histogram(f.fetchIds(N, null), 3);
    for (int i = 0; i < 3; i++) {
      assertThat(share(h, i, N)).isCloseTo(1 / 3.0, within(0.01));
    }
  }

  @Test
  void weightedSharesFollowTheMemberWeightsWithinTwoPercent() throws Exception {
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.WEIGHTED), backends(3, TcpBackend.Mode.ID),
        new int[] {1, 2, 5});
    int[] h = ForwardFixture.histogram(f.fetchIds(N, null), 3);
    assertThat(share(h, 0, N)).isCloseTo(1 / 8.0, within(0.02));
    assertThat(share(h, 1, N)).isCloseTo(2 / 8.0, within(0.02));
    assertThat(share(h, 2, N)).isCloseTo(5 / 8.0, within(0.02));
  }

  private static InetAddress client(int i) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 1, (byte) (i >> 8), (byte) i});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void sourceHashKeepsEachClientOnOneMemberAndMovesOnlyTheLeavingMembersClients() throws Exception {
    List<TcpBackend> bs = backends(3, TcpBackend.Mode.ID);
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.SOURCE_HASH), bs, null);
    int clients = N / 3 + 1;
    int[] first = f.fetchIds(clients, ForwardBalancingTest::client);
    int[] again = f.fetchIds(clients, ForwardBalancingTest::client);
    assertThat(again).containsExactly(first);
    int[] h = ForwardFixture.histogram(first, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(share(h, i, clients)).isCloseTo(1 / 3.0, within(0.03));
    }

    f.health.down.add(ForwardFixture.key("a", bs.get(2).address));
    int[] after = f.fetchIds(clients, ForwardBalancingTest::client);
    int moved = 0;
    int[] movedTo = new int[3];
    for (int i = 0; i < clients; i++) {
      if (first[i] != 2) {
        assertThat(after[i]).as("client %d stays on member %d", i, first[i]).isEqualTo(first[i]);
      } else {
        moved++;
        movedTo[after[i]]++;
      }
    }
    assertThat(movedTo[2]).isZero();
    // the leaving member's clients spread over both others
    assertThat((double) movedTo[0] / moved).isCloseTo(0.5, within(0.05));
  }

  @Test
  void leastConnSendsNewConnectionsToTheIdleMemberWhileTheOtherHoldsLongOnes() throws Exception {
    TcpBackend holding = f.backend("127.0.0.10", TcpBackend.Mode.HOLD_ID, 0);
    TcpBackend quick = f.backend("127.0.0.11", TcpBackend.Mode.ID, 1);
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.LEAST_CONN), List.of(holding, quick), null);
    List<Socket> held = new ArrayList<>();
    try {
      // the clients of the holding member keep their connections open (long-lived)
      int[] h = new int[2];
      for (int i = 0; i < N; i++) {
        int[] id = new int[1];
        Socket s = ForwardFixture.hold(f.listener.localAddress(), id);
        h[id[0]]++;
        if (id[0] == 0) {
          held.add(s);
        } else {
          s.close();
        }
      }
      assertThat(share(h, 1, N)).isGreaterThan(0.97);
      assertThat(h[0]).isGreaterThan(0);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void weightedLeastConnSplitsLongLivedConnectionsByWeight() throws Exception {
    List<TcpBackend> bs = List.of(f.backend("127.0.0.10", TcpBackend.Mode.HOLD_ID, 0),
        f.backend("127.0.0.11", TcpBackend.Mode.HOLD_ID, 1));
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.WEIGHTED_LEAST_CONN), bs, new int[] {1, 3});
    List<Socket> held = new ArrayList<>();
    int n = 400;
    int[] h = new int[2];
    try {
      for (int i = 0; i < n; i++) {
        int[] id = new int[1];
        held.add(ForwardFixture.hold(f.listener.localAddress(), id));
        h[id[0]]++;
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
    assertThat(share(h, 0, n)).isCloseTo(0.25, within(0.02));
  }

  @Test
  void randomTwoSpreadsShortConnectionsOverEveryMember() throws Exception {
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.RANDOM_TWO), backends(3, TcpBackend.Mode.ID), null);
    int[] h = ForwardFixture.histogram(f.fetchIds(N, null), 3);
    for (int i = 0; i < 3; i++) {
      assertThat(share(h, i, N)).isCloseTo(1 / 3.0, within(0.05));
    }
  }

  @Test
  void leastTimeUsesEveryMemberAndAvoidsTheOneHoldingConnections() throws Exception {
    TcpBackend holding = f.backend("127.0.0.10", TcpBackend.Mode.HOLD_ID, 0);
    List<TcpBackend> quick = List.of(f.backend("127.0.0.11", TcpBackend.Mode.ID, 1),
        f.backend("127.0.0.12", TcpBackend.Mode.ID, 2));
    List<TcpBackend> all = new ArrayList<>(List.of(holding));
    all.addAll(quick);
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.LEAST_TIME), all, null);
    List<Socket> held = new ArrayList<>();
    int[] h = new int[3];
    try {
      for (int i = 0; i < N; i++) {
        int[] id = new int[1];
        Socket s = ForwardFixture.hold(f.listener.localAddress(), id);
        h[id[0]]++;
        if (id[0] == 0) {
          held.add(s);
        } else {
          s.close();
        }
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
    assertThat(h[1]).isGreaterThan(N / 10);
    assertThat(h[2]).isGreaterThan(N / 10);
    assertThat(share(h, 0, N)).isLessThan(0.10);
  }
}
