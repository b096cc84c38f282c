package io.aya.gslb.node;

import io.aya.gslb.config.HostPort;
import io.aya.gslb.config.ServerConfig;
import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Before a node joins its cluster or starts checks, binds each address it will listen on (DNS over UDP and
 * TCP, admin HTTP) and holds them until the real listener takes over ({@link Held#releaseDns()} and
 * {@link Held#releaseAdmin()} right before each binds), so a taken or forbidden port is one sentence at start
 * (instead of a node that joined the cluster, started probing and only then failed) and no other process
 * can take the port while the node joins its cluster. The cluster port is only tried (Hazelcast binds it
 * itself, moments later). Port 0 (any free port) checks only that the host is an address of this machine.
 */
final class ListenPorts {
  private ListenPorts() {}

  /** The sockets held for the DNS and admin listeners; closing it lets go of all that remain. */
  static final class Held implements AutoCloseable {
    private final List<Closeable> dns = new ArrayList<>();
    private final List<Closeable> admin = new ArrayList<>();

    /** Lets go of the DNS sockets, for the DNS server to bind at once. */
    void releaseDns() {
      closeAll(dns);
    }

    /** Lets go of the admin socket, for the admin server to bind at once. */
    void releaseAdmin() {
      closeAll(admin);
    }

    @Override
    public void close() {
      releaseDns();
      releaseAdmin();
    }

    private static void closeAll(List<Closeable> sockets) {
      for (Closeable c : sockets) {
        try {
          c.close();
        } catch (IOException e) {
          // nothing held any more either way
        }
      }
      sockets.clear();
    }
  }

  /**
   * Binds the DNS (UDP, TCP) and admin addresses and holds those with a fixed port; tries the cluster address.
   *
   * @throws AyaNode.StartupException naming the address, the protocol and why, with nothing left bound
   */
  static Held hold(ServerConfig c) throws AyaNode.StartupException {
    Held held = new Held();
    try {
      keep(held.dns, udp("dns", c.dns().listen()), c.dns().listen());
      keep(held.dns, tcp("dns", c.dns().listen()), c.dns().listen());
      keep(held.admin, tcp("admin", c.admin().address()), c.admin().address());
      tcp("cluster-host/cluster-port", new InetSocketAddress(c.cluster().host(), c.cluster().port())).close();
      return held;
    } catch (AyaNode.StartupException e) {
      held.close();
      throw e;
    } catch (IOException e) {
      held.close();
      throw new AyaNode.StartupException("cannot release a port just tried: " + e.getMessage(), e);
    }
  }

  private static void keep(List<Closeable> into, Closeable socket, InetSocketAddress a) throws IOException {
    if (a.getPort() == 0) {
      socket.close(); // any free port: nothing to reserve, the listener picks its own
    } else {
      into.add(socket);
    }
  }

  private static ServerSocket tcp(String what, InetSocketAddress a) throws AyaNode.StartupException {
    ServerSocket s = null;
    try {
      s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(a);
      return s;
    } catch (IOException e) {
      closeQuietly(s);
      throw failed(what, "TCP", a, e);
    }
  }

  private static DatagramSocket udp(String what, InetSocketAddress a) throws AyaNode.StartupException {
    DatagramSocket s = null;
    try {
      s = new DatagramSocket(null);
      s.bind(a);
      return s;
    } catch (IOException e) {
      if (s != null) {
        s.close();
      }
      throw failed(what, "UDP", a, e);
    }
  }

  private static void closeQuietly(ServerSocket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // failed to bind: nothing to release
      }
    }
  }

  private static AyaNode.StartupException failed(String what, String proto, InetSocketAddress a, IOException e) {
    String reason = e.getMessage() == null ? "cannot bind" : e.getMessage().toLowerCase(Locale.ROOT);
    String hint = reason.contains("in use") ? " (another process holds it: stop it or choose another port)"
        : reason.contains("permission") ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)"
        : a.isUnresolved() || reason.contains("assign") ? " (not an address of this host)" : "";
    return new AyaNode.StartupException(what + ": cannot listen on " + HostPort.format(a) + " " + proto + ": "
        + reason.replaceFirst(" \\(bind failed\\)$", "") + hint, e);
  }
}
