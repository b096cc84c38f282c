package io.aya.gslb.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The choice of {@code lb=least-time} among members whose connect times are known. */
class LeastTimeBalancerTest {
  private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

  private static ForwardMember member(int last, long connectNanos, long sampledAgoNanos) {
    ForwardMember m = new ForwardMember("a", new InetSocketAddress("127.0.0." + last, 80), 1,
        "example.com/web@127.0.0." + last);
    m.connected(connectNanos);
    m.connectSampledAtNanos = System.nanoTime() - sampledAgoNanos;
    return m;
  }

  @Test
  void aMemberWithOneFreshSlowSampleIsLeftOutOfTheTieBand() {
    ForwardMember fast = member(1, 100_000, 0);
    ForwardMember slow = member(2, 2_000_000, 0);
    LeastTimeBalancer lb = new LeastTimeBalancer();
    for (int i = 0; i < 20; i++) {
      assertThat(lb.pick(new ForwardMember[] {fast, slow}, 2, CLIENT)).isSameAs(fast);
    }
  }

  @Test
  void aSlowSampleThatNoConnectReplacedAgesBackIntoTheTieBandSoTheMemberIsMeasuredAgain() {
    ForwardMember fast = member(1, 100_000, 0);
    // 20x slower, but measured 2 s ago (forty half-lives): it counts as fast as the best now
    ForwardMember stale = member(2, 2_000_000, 2_000_000_000L);
    LeastTimeBalancer lb = new LeastTimeBalancer();
    int staleChosen = 0;
    for (int i = 0; i < 20; i++) {
      if (lb.pick(new ForwardMember[] {fast, stale}, 2, CLIENT) == stale) {
        staleChosen++;
      }
    }
    assertThat(staleChosen).isGreaterThanOrEqualTo(10);
  }
}
