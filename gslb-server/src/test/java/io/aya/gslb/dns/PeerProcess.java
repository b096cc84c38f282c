package io.aya.gslb.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/** Test support for the real peers the tests start (Knot, Unbound): a free port, a clean stop. */
public final class PeerProcesses {
  private PeerProcesses() {}

  /** A port that was free for both UDP and TCP on loopback a moment ago. */
  public static int freePort() {
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int i = 0; i < 20; i++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, lo)) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(lo, port))) {
          return port;
        } catch (IOException taken) {
          // the UDP port is in use: try another
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free loopback port for UDP and TCP");
  }

  /** Stops {@code process}: TERM, then KILL after 5 s. */
  public static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
