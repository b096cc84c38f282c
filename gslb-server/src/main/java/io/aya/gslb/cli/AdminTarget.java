package io.aya.gslb.cli;

import io.aya.gslb.config.ConfigLoader;
import io.aya.gslb.config.HostPort;
import io.aya.gslb.config.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The node an operator command talks to, found from the same flags, config file and state directory as
 * {@code aya serve}: the admin address ({@code --admin}, else {@code admin} in {@code --config}, else
 * 127.0.0.1:8053; a wildcard listen address is reached on loopback) and the bearer token
 * ({@code --admin-token-file}, else {@code AYA_ADMIN_TOKEN}, else the token the node generated into
 * {@code <state-dir>/admin-token}). A picocli mixin; not thread-safe.
 */
final class AdminTarget {
  /** The file a node generates its token into, inside its state directory (see the node's AdminToken). */
  static final String TOKEN_FILE = "admin-token";

  @Option(names = "--admin", paramLabel = "HOST:PORT", description = "the node's admin API (default: as aya serve, 127.0.0.1:8053)")
  String admin;

  @Option(names = "--config", paramLabel = "FILE", description = "the node's JSON config file (admin address, state dir, token file)")
  Path config;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "the node's state directory, for its generated token (default: state/)")
  String stateDir;

  @Option(names = "--admin-token-file", paramLabel = "FILE", description = "file holding the admin bearer token")
  String adminTokenFile;

  /** Where to connect and with which token; the token is looked up only when a command needs it. */
  record Resolved(InetSocketAddress address, String token, String tokenSource, Path stateDir) {
    /** {@code host:port} as an operator would type it. */
    String display() {
      return HostPort.format(address);
    }
  }

  /**
   * @throws CliException (exit 2) when the flags or the config file are invalid
   */
  Resolved resolve(Function<String, String> env) {
    ConfigLoader.Settings s = new ConfigLoader.Settings();
    s.admin = admin;
    s.stateDir = stateDir;
    s.adminTokenFile = adminTokenFile;
    s.node = "cli"; // not used; spares the host name lookup a node does
    ServerConfig cfg;
    try {
      cfg = ConfigLoader.load(config, s, env);
    } catch (IllegalArgumentException e) {
      throw new CliException(CliException.USAGE, e.getMessage());
    }
    InetSocketAddress a = reachable(cfg.admin().address());
    if (cfg.admin().token() != null) {
      String fromEnv = env.apply("AYA_ADMIN_TOKEN");
      String source = fromEnv != null && cfg.admin().token().equals(fromEnv.trim()) ? "AYA_ADMIN_TOKEN" : "the admin token file";
      return new Resolved(a, cfg.admin().token(), source, cfg.stateDir());
    }
    Path file = cfg.stateDir().resolve(TOKEN_FILE);
    try {
      String t = Files.readString(file).trim();
      return new Resolved(a, t.isEmpty() ? null : t, file.toString(), cfg.stateDir());
    } catch (NoSuchFileException e) {
      return new Resolved(a, null, file.toString(), cfg.stateDir());
    } catch (IOException e) {
      return new Resolved(a, null, file + " (unreadable: " + CliException.reason(e) + ")", cfg.stateDir());
    }
  }

  /** A node listening on a wildcard address is reached on loopback of the same family. */
  private static InetSocketAddress reachable(InetSocketAddress listen) {
    InetAddress addr = listen.getAddress();
    if (addr != null && addr.isAnyLocalAddress()) {
      String loop = addr instanceof java.net.Inet6Address ? "::1" : "127.0.0.1";
      return new InetSocketAddress(loop, listen.getPort());
    }
    return listen;
  }
}
