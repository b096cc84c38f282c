import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Propagation across a 3-node AYA cluster (separate JVMs on loopback), measured from outside over DNS:
 * <ul>
 *   <li>drain: time from the drain request on node 1 returning to the moment nodes 2 and 3 (every node but
 *       the one the request went to) answer
 *       from the other region; likewise undrain;
 *   <li>health: a backend is frozen (its HTTP handler stops replying, so checks time out); time from the first
 *       node moving its answer to the last one (the cluster's share of the delay), and from the freeze to the
 *       last node (the whole failover with interval 1s, timeout 500ms, fall 2).
 * </ul>
 * Each node's DNS is polled every 2 ms. Run from the repository root after building the jar:
 *
 * <pre>java -cp gslb-server/target/aya.jar bench/ClusterPropagation.java [rounds]</pre>
 */
public final class ClusterPropagation {
  static final String TOKEN = "bench-token";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static volatile boolean euHealthy = true;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Path work = Files.createTempDirectory("aya-propagation");
    int checkPort = freePort();
    HttpServer eu = backend("127.0.0.2", checkPort, true);
    HttpServer us = backend("127.0.0.3", checkPort, false);
    Path zones = Files.createDirectories(work.resolve("zones"));
    Files.writeString(zones.resolve("prop.test.zone"), String.join("\n",
        "$ORIGIN prop.test.", "$TTL 60", "@ IN SOA ns1 hostmaster 1 7200 900 1209600 60", "@ IN NS ns1",
        "ns1 IN A 127.0.0.1",
        "$REGION eu-west 53.35 -6.26", "$REGION us-east 39.04 -77.49",
        "$CHECK web http port=" + checkPort + " path=/ expect=200 interval=1s timeout=500ms rise=2 fall=2",
        "www 30 IN GSLB eu-west 127.0.0.2 check=web", "www 30 IN GSLB us-east 127.0.0.3 check=web",
        "$POLICY www geo fallback=none",
        "static 30 IN GSLB eu-west 192.0.2.10", "static 30 IN GSLB us-east 198.51.100.10",
        "$POLICY static geo fallback=none", ""));
    Files.writeString(work.resolve("networks.txt"), "127.0.0.0/8 lat=51.51 lon=-0.13 country=GB\n");
    int[] cluster = {freePort(), freePort(), freePort()};
    String members = "127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1] + ",127.0.0.1:" + cluster[2];
    List<Node> nodes = new ArrayList<>();
    List<Process> procs = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Node n = new Node("n" + (i + 1), freePort(), freePort());
        nodes.add(n);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-jar", "gslb-server/target/aya.jar", "serve", "--node", n.name,
            "--dns", "127.0.0.1:" + n.dns, "--admin", "127.0.0.1:" + n.admin, "--zones", zones.toString(),
            "--networks", work.resolve("networks.txt").toString(), "--geo", "", "--cluster-port",
            Integer.toString(cluster[i]), "--cluster-members", members, "--state-dir",
            work.resolve(n.name).toString(), "--event-loops", "1")
            .redirectErrorStream(true).redirectOutput(work.resolve(n.name + ".log").toFile());
        pb.environment().put("AYA_ADMIN_TOKEN", TOKEN);
        procs.add(pb.start());
      }
      long deadline = System.currentTimeMillis() + 90_000;
      for (Node n : nodes) {
        while (!n.clusterOf(3) || !"127.0.0.2".equals(n.answer("www.prop.test."))) {
          if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException(n.name + " did not join/answer; logs in " + work);
          }
          Thread.sleep(100);
        }
      }
      List<Long> drains = new ArrayList<>();
      List<Long> undrains = new ArrayList<>();
      List<Long> spreads = new ArrayList<>();
      List<Long> failovers = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        drains.add(timeOperator(nodes, "drain", "198.51.100.10"));
        undrains.add(timeOperator(nodes, "undrain", "192.0.2.10"));
        Thread.sleep(1000 + (long) (Math.random() * 1000));
        long t0 = System.nanoTime();
        euHealthy = false;
        long[] moved = waitAll(nodes, "www.prop.test.", "127.0.0.3", 20_000);
        long first = Long.MAX_VALUE;
        long last = 0;
        for (long m : moved) {
          first = Math.min(first, m);
          last = Math.max(last, m);
        }
        spreads.add((last - first) / 1_000_000);
        failovers.add((last - t0) / 1_000_000);
        euHealthy = true;
        waitAll(nodes, "www.prop.test.", "127.0.0.2", 20_000);
        System.out.printf("round %d: drain %d ms, undrain %d ms, health: first-to-last node %d ms, "
            + "freeze-to-last node %d ms%n", r, drains.get(r - 1), undrains.get(r - 1), spreads.get(r - 1),
            failovers.get(r - 1));
      }
      System.out.printf("median over %d rounds: drain %d ms, undrain %d ms, health change first-to-last node %d ms,"
          + " backend freeze to every node moved %d ms%n", rounds, median(drains), median(undrains),
          median(spreads), median(failovers));
    } finally {
      for (Process p : procs) {
        p.destroy();
      }
      for (Process p : procs) {
        p.waitFor();
      }
      eu.stop(0);
      us.stop(0);
    }
  }

  /** Operator action on node 1; time until every node answers {@code expect} for the static name. */
  static long timeOperator(List<Node> nodes, String action, String expect) throws Exception {
    HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + nodes.get(0).admin + "/api/v1/regions/eu-west/" + action))
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    long t0 = System.nanoTime();
    if (resp.statusCode() != 200) {
      throw new IllegalStateException(action + ": " + resp.statusCode() + " " + resp.body());
    }
    long last = 0;
    for (long m : waitAll(nodes.subList(1, 3), "static.prop.test.", expect, 10_000)) {
      last = Math.max(last, m);
    }
    return Math.max(0, (last - t0) / 1_000_000);
  }

  /** Polls every node until each answers {@code expect}; returns when each one first did (nanoTime). */
  static long[] waitAll(List<Node> nodes, String name, String expect, long timeoutMillis) throws Exception {
    long[] at = new long[nodes.size()];
    long end = System.nanoTime() + timeoutMillis * 1_000_000;
    int done = 0;
    while (done < nodes.size()) {
      for (int i = 0; i < nodes.size(); i++) {
        if (at[i] == 0 && expect.equals(nodes.get(i).answer(name))) {
          at[i] = System.nanoTime();
          done++;
        }
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException("not every node answered " + expect + " for " + name);
      }
      Thread.sleep(2);
    }
    return at;
  }

  static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  static HttpServer backend(String host, int port, boolean freezable) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 16);
    s.createContext("/", ex -> {
      if (freezable) {
        while (!euHealthy) {
          try {
            Thread.sleep(5); // frozen: the check times out
          } catch (InterruptedException e) {
            return;
          }
        }
      }
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    s.start();
    return s;
  }

  static int freePort() throws IOException {
    while (true) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      try (DatagramSocket d = new DatagramSocket(port); ServerSocket s2 = new ServerSocket()) {
        s2.bind(new InetSocketAddress("127.0.0.2", port));
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
  }

  record Node(String name, int dns, int admin) {
    String answer(String qname) {
      try {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", dns));
        r.setTimeout(Duration.ofMillis(500));
        Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString(qname), Type.A, DClass.IN)));
        for (Record rec : m.getSection(Section.ANSWER)) {
          return rec.rdataToString();
        }
        return "";
      } catch (IOException e) {
        return "error";
      }
    }

    boolean clusterOf(int n) {
      try {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/api/v1/cluster"))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.contains("\"memberCount\" : " + n);
      } catch (IOException | InterruptedException e) {
        return false;
      }
    }
  }
}
