package io.aya.gslb.placement;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code aya serve} process for {@link ServerPlacementSimulation}: started from the shaded jar on free
 * loopback ports (DNS, admin, cluster) with a random admin token, a zones directory and a network map, no geo
 * database; driven through the admin API (load reports with their per-network breakdown, drains). Not
 * thread-safe.
 */
final class AyaServerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final String token = UUID.randomUUID().toString();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final int dnsPort;
  final int adminPort;

  /** @param extra further {@code aya serve} flags, e.g. {@code --placement-forecast false} */
  AyaServerProcess(Path jar, Path work, Path zones, Path networks, List<String> extra) throws IOException {
    dnsPort = freeUdpAndTcpPort();
    adminPort = freeUdpAndTcpPort();
    int clusterPort = freeUdpAndTcpPort();
    log = work.resolve("aya.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx768m", "-jar", jar.toString(), "serve",
        "--zones", zones.toString(), "--networks", networks.toString(), "--geo", "",
        "--dns", "127.0.0.1:" + dnsPort, "--admin", "127.0.0.1:" + adminPort,
        "--cluster-port", String.valueOf(clusterPort), "--cluster-name", "placement-bench-" + token.substring(0, 8),
        "--state-dir", work.resolve("state").toString(), "--node", "placement-bench", "--rrl-rate", "0"));
    cmd.addAll(extra);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("AYA_ADMIN_TOKEN", token);
    process = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
  }

  /** Waits until the admin API answers {@code /healthz} (the zones are loaded by then). */
  void awaitUp(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("aya serve exited with " + process.exitValue() + "; its log:\n" + tail());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/healthz")).timeout(Duration.ofSeconds(2))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IOException("aya serve did not answer /healthz within " + timeout + "; its log:\n" + tail());
  }

  /** {@code PUT /api/v1/regions/{region}/load}: the load and, when not empty, its breakdown by client network. */
  void putLoad(String region, double load, Map<String, Double> networks) throws IOException, InterruptedException {
    StringBuilder b = new StringBuilder(32 + 28 * networks.size()).append("{\"load\": ").append(load);
    if (!networks.isEmpty()) {
      b.append(", \"networks\": {");
      String sep = "";
      for (Map.Entry<String, Double> e : networks.entrySet()) {
        b.append(sep).append('"').append(e.getKey()).append("\": ").append(e.getValue());
        sep = ", ";
      }
      b.append('}');
    }
    send("PUT", "/api/v1/regions/" + region + "/load", b.append('}').toString());
  }

  void drain(String region) throws IOException, InterruptedException {
    send("POST", "/api/v1/regions/" + region + "/drain", "");
  }

  void undrain(String region) throws IOException, InterruptedException {
    send("POST", "/api/v1/regions/" + region + "/undrain", "");
  }

  private void send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + adminPort + path);
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** A port free for both TCP and UDP on 127.0.0.1 (DNS listens on both). */
  private static int freeUdpAndTcpPort() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, lo)) {
        try (DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), lo)) {
          return udp.getLocalPort();
        } catch (IOException taken) {
          // the UDP port is in use: try another
        }
      }
    }
    throw new IOException("no free port on 127.0.0.1 for both TCP and UDP");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
