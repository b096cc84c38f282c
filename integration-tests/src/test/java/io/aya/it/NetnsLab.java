package io.aya.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test hosts in Linux network namespaces made (and removed) by the test itself: {@code n} hosts on one
 * bridge (in a hub namespace), addresses {@code 10.213.77.1..n}, and this (the root) namespace attached to
 * the bridge as {@code 10.213.77.254}, so the test reaches every host while {@link #cut} and {@link #heal}
 * split and rejoin the hosts among themselves (blackhole routes inside their namespaces). Traffic never
 * leaves this machine. Needs root (CAP_NET_ADMIN) and iproute2.
 */
final class NetnsLab implements AutoCloseable {
  private static final String SUBNET = "10.213.77.";
  private final String id = "ay" + (ProcessHandle.current().pid() % 100_000);
  private final int hosts;

  NetnsLab(int hosts) {
    this.hosts = hosts;
    removeLeftovers();
    try {
      ip("netns", "add", hub());
    } catch (IllegalStateException e) {
      throw new IllegalStateException("network namespaces need root (CAP_NET_ADMIN) and iproute2: " + e.getMessage(), e);
    }
    try {
      ip("-n", hub(), "link", "add", "br0", "type", "bridge");
      ip("-n", hub(), "link", "set", "br0", "up");
      for (int i = 0; i < hosts; i++) {
        String ns = namespace(i);
        ip("netns", "add", ns);
        ip("link", "add", id + "n" + i, "type", "veth", "peer", "name", id + "h" + i);
        ip("link", "set", id + "n" + i, "netns", ns);
        ip("link", "set", id + "h" + i, "netns", hub());
        ip("-n", hub(), "link", "set", id + "h" + i, "master", "br0", "up");
        ip("-n", ns, "link", "set", "lo", "up");
        ip("-n", ns, "addr", "add", address(i) + "/24", "dev", id + "n" + i);
        ip("-n", ns, "link", "set", id + "n" + i, "up");
      }
      ip("link", "add", id + "r", "type", "veth", "peer", "name", id + "hr");
      ip("link", "set", id + "hr", "netns", hub());
      ip("-n", hub(), "link", "set", id + "hr", "master", "br0", "up");
      ip("addr", "add", SUBNET + "254/24", "dev", id + "r");
      ip("link", "set", id + "r", "up");
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  String address(int host) {
    return SUBNET + (host + 1);
  }

  /** The command prefix that runs a program on {@code host}. */
  List<String> launcher(int host) {
    return List.of("ip", "netns", "exec", namespace(host));
  }

  /** Hosts {@code a} and {@code b} no longer reach each other (both directions). */
  void cut(int a, int b) {
    ip("-n", namespace(a), "route", "add", "blackhole", address(b) + "/32");
    ip("-n", namespace(b), "route", "add", "blackhole", address(a) + "/32");
  }

  void heal(int a, int b) {
    ip("-n", namespace(a), "route", "del", "blackhole", address(b) + "/32");
    ip("-n", namespace(b), "route", "del", "blackhole", address(a) + "/32");
  }

  @Override
  public void close() {
    quietly("link", "del", id + "r");
    for (int i = 0; i < hosts; i++) {
      quietly("netns", "del", namespace(i));
    }
    quietly("netns", "del", hub());
  }

  private String hub() {
    return id + "-hub";
  }

  private String namespace(int host) {
    return id + "-h" + host;
  }

  /** A test run that was killed leaves its namespaces behind; pids recur, so clear ours before starting. */
  private void removeLeftovers() {
    close();
  }

  private void quietly(String... args) {
    try {
      ip(args);
    } catch (IllegalStateException e) {
      // already gone
    }
  }

  private static void ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + ": timed out");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
