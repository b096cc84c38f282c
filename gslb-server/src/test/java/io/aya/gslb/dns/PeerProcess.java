package io.aya.gslb.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Test support for the real peers the tests start (Knot, Unbound): a free port, one process with its output in a
 * log file, a clean stop.
 */
public final class PeerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private PeerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} with its standard output and error going to {@code log}. */
  public static PeerProcess start(Path log, String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new PeerProcess(p, log);
  }

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

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the process wrote so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops the process: TERM, then KILL after 5 s. */
  @Override
  public void close() {
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
