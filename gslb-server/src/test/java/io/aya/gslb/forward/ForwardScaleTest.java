package io.aya.gslb.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aya.gslb.zone.ForwardSpec.Lb;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 5,000 concurrent connections through one listener. The backend runs in a child JVM: a process may hold
 * {@code ulimit -n} (20,000 here) descriptors, and 5,000 connections cost 3 of them each on this side
 * (client, front, back) plus one in the backend.
 */
class ForwardScaleTest {
  private static final int CONNECTIONS = 5_000;

  @Test
  void fiveThousandConcurrentConnectionsAreForwardedAndAllCloseCleanly() throws Exception {
    LeakWatch leaks = LeakWatch.begin();
    Process backend = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-cp", System.getProperty("java.class.path"), BackendMain.class.getName(), "127.0.0.10")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<Socket> open = new ArrayList<>();
    try (ForwardFixture f = new ForwardFixture()) {
      int port = Integer.parseInt(new BufferedReader(
          new InputStreamReader(backend.getInputStream(), StandardCharsets.US_ASCII)).readLine().trim());
      f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.LEAST_CONN), List.of(), null);
      f.listener.route(f.route(ForwardFixture.spec(Lb.LEAST_CONN), "a", List.of(new InetSocketAddress("127.0.0.10", port)),
          null, Map.of(), ForwardRoute.RegionOrder.NONE));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Socket>> fs = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
          byte b = (byte) i;
          fs.add(pool.submit(() -> {
            Socket s = new Socket();
            s.connect(f.listener.localAddress(), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(b);
            if (s.getInputStream().read() != (b & 0xff)) {
              throw new AssertionError("echo mismatch");
            }
            return s;
          }));
        }
        for (Future<Socket> fu : fs) {
          open.add(fu.get());
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(f.listener.stats.active.get()).isEqualTo(CONNECTIONS);
      assertThat(f.listener.route().local().members[0].active.get()).isEqualTo(CONNECTIONS);
      for (Socket s : open) {
        s.close();
      }
      open.clear();
      await().atMost(Duration.ofSeconds(30)).until(() -> f.listener.stats.active.get() == 0
          && f.listener.route().local().members[0].active.get() == 0 && f.listener.openCount() == 0);
      assertThat(f.listener.stats.total.sum()).isEqualTo(CONNECTIONS);
      assertThat(f.listener.stats.refused.sum()).isZero();
    } finally {
      for (Socket s : open) {
        s.close();
      }
      backend.getOutputStream().close();
      backend.destroy();
      try {
        assertThat(leaks.leaks()).isEmpty();
      } finally {
        leaks.close();
      }
    }
  }
}
