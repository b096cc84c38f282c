package io.aya.it;

import static org.awaitility.Awaitility.await;

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
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * One AYA node running as a separate JVM ({@code java -jar aya.jar serve ...}) on free loopback ports, for
 * black-box tests. Its output goes to {@code <dir>/node.log}.
 */
final class AyaProcess implements AutoCloseable {
  static final Path JAR = Path.of(System.getProperty("aya.jar", "../gslb-server/target/aya.jar"));
  static final Path ROOT = Path.of(System.getProperty("aya.root", ".."));
  static final String TOKEN = "it-secret-token-0123";

  final String name;
  final Path dir;
  /** The address DNS and the admin API listen on (loopback unless the node runs in a network namespace). */
  final String host;
  /** Put before {@code java}, e.g. {@code ip netns exec NS}. */
  private final List<String> launcher;
  final int dnsPort;
  final int adminPort;
  final int clusterPort;
  private final List<String> extraArgs;
  private boolean tokenFromEnv = true;
  private List<String> jvmOptions = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  private Duration startTimeout = Duration.ofSeconds(120);
  private Process process;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  AyaProcess(String name, Path dir, int clusterPort, List<String> extraArgs) throws IOException {
    this(name, dir, "127.0.0.1", freePort(), freePort(), clusterPort, List.of(), extraArgs);
  }

  /** A node on {@code host} (DNS, admin and cluster), started through {@code launcher}. */
  AyaProcess(String name, Path dir, String host, int dnsPort, int adminPort, int clusterPort,
      List<String> launcher, List<String> extraArgs) throws IOException {
    this.name = name;
    this.dir = dir;
    this.host = host;
    this.dnsPort = dnsPort;
    this.adminPort = adminPort;
    this.clusterPort = clusterPort;
    this.launcher = List.copyOf(launcher);
    this.extraArgs = List.copyOf(extraArgs);
    Files.createDirectories(dir);
  }

  /** Start without {@code AYA_ADMIN_TOKEN}: the node generates its token into {@code <dir>/state/admin-token}. */
  AyaProcess withGeneratedToken() {
    tokenFromEnv = false;
    return this;
  }

  /** Runs the node's JVM with these options instead of the small-heap, quick-start defaults (e.g. a big zone). */
  AyaProcess withJvmOptions(String... options) {
    jvmOptions = List.of(options);
    return this;
  }

  /** Waits this long for the node to start (a big zone takes a while to load). */
  AyaProcess withStartTimeout(Duration timeout) {
    startTimeout = timeout;
    return this;
  }

  /** Starts the JVM and waits until its admin API answers. */
  AyaProcess start() throws IOException {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.add(javaBin());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of(
        "-Daya.home=" + ROOT.toAbsolutePath().normalize(),
        "-jar", JAR.toAbsolutePath().toString(), "serve",
        "--node", name,
        "--dns", host + ":" + dnsPort,
        "--admin", host + ":" + adminPort,
        "--cluster-port", Integer.toString(clusterPort),
        "--state-dir", dir.resolve("state").toString(),
        "--event-loops", "1"));
    cmd.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile()));
    if (tokenFromEnv) {
      pb.environment().put("AYA_ADMIN_TOKEN", TOKEN);
    } else {
      pb.environment().remove("AYA_ADMIN_TOKEN");
    }
    process = pb.start();
    await().atMost(startTimeout).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + log());
      }
      try {
        return get("/healthz").statusCode() == 200;
      } catch (IOException e) {
        return false;
      }
    });
    return this;
  }

  /** Starts every node at once (a JVM takes seconds to start) and waits until each admin API answers. */
  static void startAll(List<AyaProcess> nodes) throws Exception {
    List<Thread> starters = new ArrayList<>();
    List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (AyaProcess n : nodes) {
      Thread t = new Thread(() -> {
        try {
          n.start();
        } catch (Exception e) {
          failures.add(e);
        }
      });
      t.start();
      starters.add(t);
    }
    for (Thread t : starters) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  /** Sends {@code SIGHUP} (zone reload) to the node's JVM. */
  void hangUp() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -HUP " + process.pid() + " exited with " + kill.exitValue());
    }
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** kill -9. */
  void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** SIGTERM and wait. */
  void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      waitFor();
    }
  }

  private void waitFor() {
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String log() {
    try {
      return Files.readString(dir.resolve("node.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  HttpResponse<String> get(String path) throws IOException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<String> post(String path) throws IOException {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<String> put(String path, String json) throws IOException {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws IOException {
    try {
      return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://" + host + ":" + adminPort + path);
  }

  SimpleResolver resolver() {
    SimpleResolver r = new SimpleResolver(new InetSocketAddress(host, dnsPort));
    r.setTimeout(Duration.ofSeconds(2));
    return r;
  }

  /** Queries over UDP and returns the reply. */
  Message query(String name, int type) throws IOException {
    Record q = Record.newRecord(Name.fromString(name), type, DClass.IN);
    return resolver().send(Message.newQuery(q));
  }

  /** The addresses of the A/AAAA records in the answer section, sorted. */
  static List<String> addresses(Message m) {
    List<String> out = new ArrayList<>();
    for (Record r : m.getSection(org.xbill.DNS.Section.ANSWER)) {
      if (r.getType() == Type.A || r.getType() == Type.AAAA) {
        out.add(r.rdataToString());
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * A port free for TCP and UDP now, below Linux's ephemeral range (32768 and up): a port the kernel handed
   * out with bind(0) can be taken as the source port of any outgoing connection before the node binds it
   * (OperatorCliIT's cluster port once was), one below that range cannot.
   */
  static int freePort() throws IOException {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 200; i++) {
      int port = random.nextInt(20_000, 32_000);
      try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress());
          DatagramSocket d = new DatagramSocket(port, java.net.InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port");
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() {
    stop();
  }
}
