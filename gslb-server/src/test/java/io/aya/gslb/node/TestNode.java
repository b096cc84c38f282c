package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aya.gslb.config.ConfigLoader;
import io.aya.gslb.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Test support: configs for a node on port 0 (DNS, admin, cluster), DNS queries over UDP, admin HTTP calls. */
public final class TestNode {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestNode() {}

  /** Settings for a node on ephemeral ports with its own cluster name, no geo data. */
  public static ConfigLoader.Settings settings(Path zones, Path state) {
    ConfigLoader.Settings s = new ConfigLoader.Settings();
    s.zones = zones.toString();
    s.stateDir = state.toString();
    s.dns = "127.0.0.1:0";
    s.admin = "127.0.0.1:0";
    s.clusterPort = 0;
    s.clusterName = "test-" + UUID.randomUUID();
    s.node = "n1";
    s.geo = "";
    s.networks = "";
    s.eventLoops = 1;
    return s;
  }

  /** A node on ephemeral ports serving {@code zones}, its state in {@code state} (see {@link #settings}). */
  public static ServerConfig config(Path zones, Path state) {
    return ConfigLoader.load(null, settings(zones, state), noEnv());
  }

  static Function<String, String> noEnv() {
    return name -> null;
  }

  /**
   * Writes {@code dir/zones/ORIGIN.zone}: {@code $ORIGIN}, SOA, NS {@code ns1} and its address (TTL 300), then
   * {@code lines}.
   */
  static Path writeZone(Path dir, String origin, String... lines) {
    List<String> text = new ArrayList<>(List.of("$ORIGIN " + origin,
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53"));
    text.addAll(List.of(lines));
    text.add("");
    String file = origin.endsWith(".") ? origin.substring(0, origin.length() - 1) : origin;
    return write(dir.resolve("zones").resolve(file + ".zone"), String.join("\n", text));
  }

  /** Starts a node serving {@code dir/zones} with its state in {@code dir/state} (see {@link #settings}). */
  static AyaNode start(Path dir) throws AyaNode.StartupException {
    return AyaNode.start(config(dir.resolve("zones"), dir.resolve("state")));
  }

  static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- DNS ----

  /** The A addresses answered for {@code name}, asked from 127.0.0.1. */
  static List<String> a(AyaNode node, String name) {
    return addresses(query(node.dnsAddress(), name, Type.A, null));
  }

  /** The A addresses answered for {@code name} to a client in {@code network}/24 (sent as ECS). */
  static List<String> aFrom(AyaNode node, String name, String network) {
    return addresses(query(node.dnsAddress(), name, Type.A, network));
  }

  static long soaSerial(AyaNode node, String zone) {
    Message m = query(node.dnsAddress(), zone, Type.SOA, null);
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa) {
        return soa.getSerial();
      }
    }
    throw new AssertionError("no SOA in " + m);
  }

  static Message query(InetSocketAddress server, String name, int type, String ecsNetwork) {
    try {
      Message q = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
      if (ecsNetwork != null) {
        ClientSubnetOption ecs = new ClientSubnetOption(24, InetAddress.getByName(ecsNetwork));
        q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(ecs)), Section.ADDITIONAL);
      }
      SimpleResolver r = new SimpleResolver(server);
      r.setTimeout(Duration.ofSeconds(2));
      Message m = r.send(q);
      if (m.getRcode() != Rcode.NOERROR) {
        throw new AssertionError(name + " " + Type.string(type) + ": " + Rcode.string(m.getRcode()));
      }
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> addresses(Message m) {
    List<String> out = new ArrayList<>();
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a) {
        out.add(a.getAddress().getHostAddress());
      }
    }
    return out;
  }

  // ---- admin HTTP ----

  record Reply(int status, String body, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }
  }

  static Reply get(AyaNode node, String path) {
    return send(node, HttpRequest.newBuilder(uri(node, path)).GET(), null);
  }

  static Reply post(AyaNode node, String path, String token) {
    return send(node, HttpRequest.newBuilder(uri(node, path)).POST(HttpRequest.BodyPublishers.noBody()), token);
  }

  static Reply put(AyaNode node, String path, String body, String token) {
    return send(node, HttpRequest.newBuilder(uri(node, path)).PUT(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json"), token);
  }

  /** Closes the nodes in parallel (each leaves its cluster gracefully, which takes a moment) and waits. */
  static void closeAll(List<AyaNode> nodes) throws InterruptedException {
    List<Thread> closing = new java.util.ArrayList<>();
    for (AyaNode n : nodes) {
      Thread t = new Thread(n::close);
      t.start();
      closing.add(t);
    }
    for (Thread t : closing) {
      t.join();
    }
  }

  static Reply postJson(AyaNode node, String path, String body, String token) {
    return send(node, HttpRequest.newBuilder(uri(node, path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json"), token);
  }

  static Reply method(AyaNode node, String method, String path, String token) {
    return send(node, HttpRequest.newBuilder(uri(node, path)).method(method, HttpRequest.BodyPublishers.noBody()), token);
  }

  /** A mutation with the node's own token. */
  static Reply postAuthed(AyaNode node, String path) {
    return post(node, path, node.adminToken());
  }

  static Reply send(AyaNode node, HttpRequest.Builder b, String token) {
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static URI uri(AyaNode node, String path) {
    InetSocketAddress a = node.adminAddress();
    return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + path);
  }

  /** The region object named {@code name} of GET /api/v1/regions. */
  static JsonNode region(AyaNode node, String name) {
    for (JsonNode r : get(node, "/api/v1/regions").json().get("regions")) {
      if (r.get("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no region " + name + " in /api/v1/regions");
  }

  /** Waits (at most 10 s) until every endpoint in {@code keys} has a first check result in GET /api/v1/regions. */
  static void awaitChecked(AyaNode node, String... keys) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      for (String key : keys) {
        JsonNode e = endpoint(node, key);
        assertThat(e).as(key).isNotNull();
        assertThat(e.get("lastResultMillis").isNull()).as(key + " checked").isFalse();
      }
    });
  }

  /** The endpoint object with {@code key} of GET /api/v1/regions, or null. */
  static JsonNode endpoint(AyaNode node, String key) {
    for (JsonNode r : get(node, "/api/v1/regions").json().get("regions")) {
      for (JsonNode e : r.get("endpoints")) {
        if (key.equals(e.get("key").asText(null))) {
          return e;
        }
      }
    }
    return null;
  }
}
