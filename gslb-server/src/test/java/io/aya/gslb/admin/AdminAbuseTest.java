package io.aya.gslb.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The admin port cannot be abused to take the process down: connections are capped (the oldest idle one makes
 * room), a request must arrive whole in time, pipelining past a bound gets 503 for what was not executed, and
 * bodies and paths out of range get a JSON 400. The server is real (HTTP over loopback); the node behind it is a
 * stand-in that counts what it was asked to do.
 */
class AdminAbuseTest {
  private static final String TOKEN = "abcdefghijklmnop-0123";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicInteger drains = new AtomicInteger();
  private final AtomicInteger loads = new AtomicInteger();
  private final List<Socket> sockets = new ArrayList<>();
  private AdminServer server;

  /**
   * Every operation answers a small object; drain and reportLoad are counted. A drain takes 300 ms, as one that
   * persists the override and shares it with the cluster may, so that requests pipelined behind it queue up.
   */
  private AdminOperations operations() {
    return (AdminOperations) Proxy.newProxyInstance(
        AdminOperations.class.getClassLoader(), new Class<?>[] {AdminOperations.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "drain" -> {
              drains.incrementAndGet();
              java.util.concurrent.locks.LockSupport.parkNanos(300_000_000L);
            }
            case "reportLoad" -> loads.incrementAndGet();
            case "metrics" -> {
              return "";
            }
            case "reloadZones" -> {
              return new AdminOperations.ReloadOutcome(true, Map.of());
            }
            case "hashCode" -> {
              return 0;
            }
            case "equals" -> {
              return proxy == args[0];
            }
            case "toString" -> {
              return "operations";
            }
            default -> { }
          }
          return method.getReturnType() == String.class ? "" : Map.of("ok", true);
        });
  }

  private AdminServer start(AdminLimits limits) throws InterruptedException {
    server = AdminServer.start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new AdminApi(operations()), TOKEN, limits);
    return server;
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.connect(server.localAddress(), 5000);
    s.setSoTimeout(5000);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String request(String method, String path, String body) {
    String b = body == null ? "" : body;
    return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
        + "\r\nContent-Type: application/json\r\nContent-Length: " + b.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n" + b;
  }

  /** One response: headers and Content-Length bytes of body; null when the connection ends first. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    while (!buf.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException e) {
        throw e;
      } catch (IOException e) {
        return null;
      }
      if (b < 0) {
        return null;
      }
      buf.write(b);
    }
    Matcher m = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(buf.toString(StandardCharsets.ISO_8859_1));
    buf.write(in.readNBytes(m.find() ? Integer.parseInt(m.group(1)) : 0));
    return buf.toString(StandardCharsets.UTF_8);
  }

  private static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  private static JsonNode body(String response) throws IOException {
    return JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
  }

  private String roundTrip(String text) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(server.localAddress(), 5000);
      s.setSoTimeout(5000);
      send(s, text);
      return readResponse(s.getInputStream());
    }
  }

  private static boolean closedByPeer(Socket s) {
    try {
      return s.getInputStream().read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static long openSocketsOfThisProcess() throws IOException {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException e) {
          return false;
        }
      }).count();
    }
  }

  @Test
  void idleConnectionsBeyondTheCapDoNotHoldDescriptorsAndTheOperatorStillGetsIn() throws Exception {
    start(AdminLimits.DEFAULTS);
    long before = openSocketsOfThisProcess();
    int clients = 2000;
    for (int i = 0; i < clients; i++) {
      connect();
    }
    // the server keeps at most its cap open: the client side holds 2000, the server side at most 128 more
    await().atMost(Duration.ofSeconds(10)).until(
        () -> openSocketsOfThisProcess() - before <= clients + AdminLimits.DEFAULTS.maxConnections() + 4);
    assertThat(closedByPeer(sockets.get(0))).as("the oldest idle connection made room").isTrue();
    String r = roundTrip(request("GET", "/healthz", null));
    assertThat(r).startsWith("HTTP/1.1 200");
  }

  @Test
  void requestHeadersTrickledSlowlyAreCutAtTheRequestDeadline() throws Exception {
    start(new AdminLimits(128, Duration.ofMillis(800), 32));
    Socket s = connect();
    long start = System.nanoTime();
    send(s, "GET /healthz HTTP/1.1\r\n");
    // one header byte every 200 ms: never idle, never finished
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
      try {
        send(s, "X");
        return false;
      } catch (IOException e) {
        return true;
      }
    });
    assertThat(System.nanoTime() - start).isLessThan(4_000_000_000L);
  }

  @Test
  void twoHundredPipelinedRequestsGetAnAnswerEachExecutedOrRefusedWith503() throws Exception {
    start(AdminLimits.DEFAULTS);
    Socket s = connect();
    StringBuilder all = new StringBuilder(request("POST", "/api/v1/regions/eu-west/drain", ""));
    for (int i = 1; i < 200; i++) {
      all.append(request("GET", "/api/v1/regions", null));
    }
    send(s, all.toString());
    InputStream in = s.getInputStream();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String response = readResponse(in);
      assertThat(response).as("response " + i).isNotNull();
      statuses.add(status(response));
      if (status(response) == 503) {
        assertThat(body(response).get("error").asText()).contains("pipelined").contains("at most 32");
      }
    }
    assertThat(statuses).hasSize(200);
    assertThat(statuses.get(0)).as("the drain").isEqualTo(200);
    assertThat(drains.get()).isEqualTo(1);
    int executed = statuses.indexOf(503);
    assertThat(executed).as("at most 32 queued at once, so most of 200 sent at once are refused").isBetween(1, 100);
    assertThat(statuses.subList(0, executed)).containsOnly(200);
    assertThat(statuses.subList(executed, 200)).containsOnly(503);
    // the connection stays usable once the queue has drained
    send(s, request("GET", "/healthz", null));
    assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
  }

  @Test
  void loadOutOfRangeIsAJson400SayingTheAllowedRange() throws Exception {
    start(AdminLimits.DEFAULTS);
    for (String value : List.of("1e308", "-5", "1e10", "-0.5")) {
      String r = roundTrip(request("PUT", "/api/v1/regions/eu-west/load", "{\"load\": " + value + "}"));
      assertThat(status(r)).as(value).isEqualTo(400);
      assertThat(body(r).get("status").asInt()).isEqualTo(400);
      assertThat(body(r).get("error").asText()).as(value).contains("(expected: 0..1000000000)");
    }
    String nan = roundTrip(request("PUT", "/api/v1/regions/eu-west/load", "{\"load\": NaN}"));
    assertThat(status(nan)).isEqualTo(400);
    assertThat(body(nan).get("error").asText()).contains("\"load\"");
    assertThat(loads.get()).isZero();
    String ok = roundTrip(request("PUT", "/api/v1/regions/eu-west/load", "{\"load\": 1000000000}"));
    assertThat(status(ok)).isEqualTo(200);
  }

  @Test
  void badPercentEncodingInAPathIsAClearJson400() throws Exception {
    start(AdminLimits.DEFAULTS);
    for (String path : List.of("/api/v1/regions/%zz/drain", "/api/v1/regions/eu%2/drain", "/api/v1/endpoints/%/clear")) {
      String r = roundTrip(request("POST", path, ""));
      assertThat(status(r)).as(path).isEqualTo(400);
      String error = body(r).get("error").asText();
      assertThat(error).as(path).contains("percent-encoding").contains("expected: %XX").doesNotContain("URLDecoder");
    }
    assertThat(drains.get()).isZero();
  }

  /**
   * A bounded mutation fuzzer over the admin JSON bodies (seed corpus {@code src/test/resources/fuzz/
   * admin-bodies.txt}): every mutant gets 200 or a JSON 4xx that says what is wrong, never a 500 or a closed
   * connection. Runs {@code aya.fuzz.seconds} seconds (2 by default; bench/fuzz.sh runs it longer).
   */
  @Test
  void mutatedLoadBodiesAlwaysGetAJsonAnswerNeverA500() throws Exception {
    start(AdminLimits.DEFAULTS);
    List<String> seeds = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/fuzz/admin-bodies.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          seeds.add(line);
        }
      }
    }
    String pieces = "{}[]\",:0123456789.eE-+ \\\u00e9\u0000loadnetworksnulltruefalseNaNInfinity/";
    long seed = Long.getLong("aya.fuzz.seed", 20261203L);
    java.util.Random r = new java.util.Random(seed);
    long end = System.nanoTime() + Long.getLong("aya.fuzz.seconds", 2) * 1_000_000_000L;
    Socket s = connect();
    InputStream in = s.getInputStream();
    int sent = 0;
    while (System.nanoTime() < end) {
      StringBuilder b = new StringBuilder(seeds.get(r.nextInt(seeds.size())));
      for (int e = 1 + r.nextInt(4); e > 0; e--) {
        int at = r.nextInt(b.length() + 1);
        int cut = Math.min(b.length() - at, r.nextInt(4));
        b.replace(at, at + cut, r.nextBoolean() ? "" : String.valueOf(pieces.charAt(r.nextInt(pieces.length()))));
      }
      send(s, request("PUT", "/api/v1/regions/eu-west/load", b.toString()));
      String response = readResponse(in);
      sent++;
      assertThat(response).as("body %s (seed %d)", b, seed).isNotNull();
      int status = status(response);
      assertThat(status).as("body %s (seed %d)", b, seed).isIn(200, 400);
      if (status == 400) {
        assertThat(body(response).get("status").asInt()).isEqualTo(400);
        assertThat(body(response).get("error").asText()).isNotBlank();
      }
    }
    assertThat(sent).isPositive();
  }
}
