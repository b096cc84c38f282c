package io.aya.gslb.node;

import io.aya.gslb.config.HostPort;
import io.aya.gslb.config.ServerConfig;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;

/**
 * Before a node joins its cluster or starts checks, tries to bind each address it will listen on (DNS over
 * UDP and TCP, admin HTTP, the cluster port) and lets go at once. A taken or forbidden port is then one
 * sentence at start (instead of a node that joined the cluster, started probing and only then failed, or a
 * page of Hazelcast stack trace). Port 0 (any free port) checks only that the host is an address of this
 * machine. The real listeners bind moments later; losing that race still fails the start with the same
 * kind of message.
 */
final class ListenPorts {
  private ListenPorts() {}

  static void check(ServerConfig c) throws AyaNode.StartupException {
    checkUdp("dns", c.dns().listen());
    checkTcp("dns", c.dns().listen());
    checkTcp("admin", c.admin().address());
    checkTcp("cluster-host/cluster-port", new InetSocketAddress(c.cluster().host(), c.cluster().port()));
  }

  private static void checkTcp(String what, InetSocketAddress a) throws AyaNode.StartupException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(a);
    } catch (IOException e) {
      throw failed(what, "TCP", a, e);
    }
  }

  private static void checkUdp(String what, InetSocketAddress a) throws AyaNode.StartupException {
    try (DatagramSocket s = new DatagramSocket(null)) {
      s.bind(a);
    } catch (IOException e) {
      throw failed(what, "UDP", a, e);
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
