package io.aya.gslb.health;

import static io.aya.gslb.health.TestZones.check;
import static io.aya.gslb.health.TestZones.http;
import static io.aya.gslb.health.TestZones.key;
import static io.aya.gslb.health.TestZones.pool;
import static io.aya.gslb.health.TestZones.region;
import static io.aya.gslb.health.TestZones.set;
import static io.aya.gslb.health.TestZones.zone;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aya.cluster.LocalSharedState;
import io.aya.cluster.Observation;
import io.aya.gslb.zone.CheckSpec;
import io.aya.gslb.zone.CheckType;
import io.aya.gslb.zone.Region;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActiveChecksTest {
  private static final String ZONE = "example.com";
  private final LocalSharedState shared = new LocalSharedState("n1");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Region eu = region("eu-west", 0);
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private HealthMonitor monitor;

  @AfterEach
  void tearDown() throws Exception {
    if (monitor != null) {
      monitor.close();
    }
    for (AutoCloseable c : closeables) {
      c.close();
    }
    shared.close();
  }

  private Backend backend(Backend b) {
    closeables.add(b);
    return b;
  }

  private HealthMonitor monitor(HealthConfig config) {
    monitor = new HealthMonitor(shared, config, meters);
    return monitor;
  }

  private Observation observation(String key) {
    for (Observation o : shared.observations()) {
      if (o.endpoint().equals(key) && o.node().equals("n1")) {
        return o;
      }
    }
    return null;
  }

  private boolean isUp(String key) {
    Observation o = observation(key);
    return o != null && o.up();
  }

  private boolean isDown(String key) {
    Observation o = observation(key);
    return o != null && !o.up();
  }

  @Test
  void endpointGoesDownAfterFallFailuresAndComesBackAfterRiseSuccesses() throws Exception {
    Backend b = backend(Backend.fixed(200, "ok"));
    CheckSpec spec = http("web", b.port(), "/healthz", 200, null, 150, 1000, 2, 3);
    String k = key(ZONE, spec, "127.0.0.1");
    monitor(HealthConfig.defaults()).onZones(set(zone(ZONE, pool(eu, spec, "127.0.0.1"))));
    await().atMost(Duration.ofSeconds(3)).until(() -> isUp(k));

    b.respond(503, "no");
    int failFrom = b.requestCount();
    // fall=3 checks at most 1.1 intervals apart, plus one interval for the check already scheduled, plus slack
    await().atMost(Duration.ofMillis(4 * 165 + 1000 + 1000)).until(() -> isDown(k));
    assertTrue(b.answeredSince(failFrom, 503) >= 3, "went down after fewer than fall=3 failures");
    assertEquals("HTTP 503 (expected 200)", observation(k).detail());

    b.respond(200, "ok");
    int riseFrom = b.requestCount();
    await().atMost(Duration.ofMillis(3 * 165 + 1000 + 1000)).until(() -> isUp(k));
    assertTrue(b.answeredSince(riseFrom, 200) >= 2, "came back after fewer than rise=2 successes");
    assertEquals("HTTP 200", observation(k).detail());
  }

  @Test
  void flappingBackendDoesNotFlipStateOnEveryCheck() throws Exception {
    // 200, 503, 200, 503...: never two failures or two successes in a row
    Backend b = backend(Backend.http(n -> n % 2 == 0 ? new Backend.Response(200, "ok") : new Backend.Response(503, "")));
    CheckSpec spec = http("flap", b.port(), "/", 200, null, 50, 2000, 2, 2);
    String k = key(ZONE, spec, "127.0.0.1");
    monitor(HealthConfig.defaults()).onZones(set(zone(ZONE, pool(eu, spec, "127.0.0.1"))));

    await().atMost(Duration.ofSeconds(5)).until(() -> b.requestCount() >= 12);
    Counter toDown = meters.find("aya.health.state.changes").tag("endpoint", k).tag("state", "down").counter();
    Counter toUp = meters.find("aya.health.state.changes").tag("endpoint", k).tag("state", "up").counter();
    assertNotNull(toDown);
    assertEquals(0, toDown.count() + toUp.count(), "state flipped on a flapping backend");
    assertTrue(isUp(k));
  }

  @Test
  void flappingBackendFlipsEveryCheckWithRiseAndFallOneSoTheFilterAbovePullsItsWeight() throws Exception {
    Backend b = backend(Backend.http(n -> n % 2 == 0 ? new Backend.Response(200, "ok") : new Backend.Response(503, "")));
    CheckSpec spec = http("flap1", b.port(), "/", 200, null, 50, 2000, 1, 1);
    String k = key(ZONE, spec, "127.0.0.1");
    monitor(HealthConfig.defaults()).onZones(set(zone(ZONE, pool(eu, spec, "127.0.0.1"))));

    await().atMost(Duration.ofSeconds(5)).until(() -> {
      Counter c = meters.find("aya.health.state.changes").tag("endpoint", k).tag("state", "down").counter();
      return c != null && c.count() >= 3;
    });
  }

  @Test
  void bodySubstringDecidesWhenTheStatusMatches() throws Exception {
    Backend b = backend(Backend.fixed(200, "{\"status\":\"degraded\"}"));
    CheckSpec wantsOk = http("ok", b.port(), "/", 200, "\"ok\"", 100, 2000, 1, 1);
    CheckSpec wantsDegraded = http("deg", b.port(), "/", 200, "degraded", 100, 2000, 1, 1);
    String kOk = key(ZONE, wantsOk, "127.0.0.1");
    String kDeg = key(ZONE, wantsDegraded, "127.0.0.1");
    monitor(HealthConfig.defaults())
        .onZones(set(zone(ZONE, pool(eu, wantsOk, "127.0.0.1"), pool(region("us-east", 0), wantsDegraded, "127.0.0.1"))));

    await().atMost(Duration.ofSeconds(3)).until(() -> isDown(kOk) && isUp(kDeg));
    assertEquals("HTTP 200, body lacks '\"ok\"'", observation(kOk).detail());
  }

  @Test
  void unexpectedStatusFailsAndExpectedOtherStatusPasses() throws Exception {
    Backend b = backend(Backend.fixed(204, ""));
    CheckSpec want200 = http("s200", b.port(), "/", 200, null, 100, 2000, 1, 1);
    CheckSpec want204 = http("s204", b.port(), "/", 204, null, 100, 2000, 1, 1);
    monitor(HealthConfig.defaults())
        .onZones(set(zone(ZONE, pool(eu, want200, "127.0.0.1"), pool(region("us-east", 0), want204, "127.0.0.1"))));

    await().atMost(Duration.ofSeconds(3))
        .until(() -> isDown(key(ZONE, want200, "127.0.0.1")) && isUp(key(ZONE, want204, "127.0.0.1")));
    assertEquals("HTTP 204 (expected 200)", observation(key(ZONE, want200, "127.0.0.1")).detail());
  }

  @Test
  void requestsCarryPathHostHeaderAndUserAgent() throws Exception {
    Backend b = backend(Backend.fixed(200, "ok"));
    CheckSpec spec = new CheckSpec("hosted", CheckType.HTTP, b.port(), "/status?full=1", 200, null, "www.example.com",
        Duration.ofMillis(100), Duration.ofMillis(2000), 1, 1);
    CheckSpec noHost = http("nohost", b.port(), "/", 200, null, 100, 2000, 1, 1);
    monitor(HealthConfig.defaults())
        .onZones(set(zone(ZONE, pool(eu, spec, "127.0.0.1"), pool(region("us-east", 0), noHost, "127.0.0.1"))));

    await().atMost(Duration.ofSeconds(3)).until(() -> b.requests.stream().anyMatch(r -> r.path().equals("/status?full=1"))
        && b.requests.stream().anyMatch(r -> r.path().equals("/")));
    Backend.Request hosted = b.requests.stream().filter(r -> r.path().equals("/status?full=1")).findFirst().orElseThrow();
    assertEquals("www.example.com", hosted.host());
    assertEquals("AYA-GSLB/0.1 health-check", hosted.userAgent());
    Backend.Request plain = b.requests.stream().filter(r -> r.path().equals("/")).findFirst().orElseThrow();
    assertEquals("127.0.0.1:" + b.port(), plain.host());
  }

  @Test
  void httpsCheckWorksAgainstASelfSignedServerAndSendsSni() throws Exception {
    io.netty.handler.ssl.util.SelfSignedCertificate cert = new io.netty.handler.ssl.util.SelfSignedCertificate("backend.test");
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("k", cert.key(), new char[0], new java.security.cert.Certificate[] {cert.cert()});
    javax.net.ssl.KeyManagerFactory kmf =
        javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    Backend b = backend(Backend.https(tls, n -> new Backend.Response(200, "secure ok")));
    CheckSpec spec = new CheckSpec("tls", CheckType.HTTPS, b.port(), "/", 200, "secure", "backend.test",
        Duration.ofMillis(100), Duration.ofMillis(1000), 1, 1);
    CheckSpec plainToTls = http("plain", b.port(), "/", 200, null, 100, 400, 1, 1);
    monitor(HealthConfig.defaults())
        .onZones(set(zone(ZONE, pool(eu, spec, "127.0.0.1"), pool(region("us-east", 0), plainToTls, "127.0.0.1"))));

    await().atMost(Duration.ofSeconds(5))
        .until(() -> isUp(key(ZONE, spec, "127.0.0.1")) && isDown(key(ZONE, plainToTls, "127.0.0.1")));
    assertEquals("HTTP 200", observation(key(ZONE, spec, "127.0.0.1")).detail());
    assertEquals("backend.test", b.requests.get(0).host());
    cert.delete();
  }

  @Test
  void tcpCheckPassesOnAListeningPortAndFailsOnAClosedOne() throws Exception {
    ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closeables.add(listening);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    CheckSpec open = check("open", CheckType.TCP, listening.getLocalPort(), 100, 2000, 1, 1);
    CheckSpec closed = check("closed", CheckType.TCP, closedPort, 100, 2000, 1, 1);
    monitor(HealthConfig.defaults())
        .onZones(set(zone(ZONE, pool(eu, open, "127.0.0.1"), pool(region("us-east", 0), closed, "127.0.0.1"))));

    await().atMost(Duration.ofSeconds(3))
        .until(() -> isUp(key(ZONE, open, "127.0.0.1")) && isDown(key(ZONE, closed, "127.0.0.1")));
    assertEquals("connection refused", observation(key(ZONE, closed, "127.0.0.1")).detail());
    assertEquals("TCP connect ok", observation(key(ZONE, open, "127.0.0.1")).detail());
  }

  @Test
  void backendThatAcceptsButNeverAnswersTimesOut() throws Exception {
    // the kernel completes the TCP handshake into the backlog; nobody ever reads or answers
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closeables.add(silent);
    CheckSpec spec = http("silent", silent.getLocalPort(), "/", 200, null, 100, 300, 1, 1);
    String k = key(ZONE, spec, "127.0.0.1");
    monitor(HealthConfig.defaults()).onZones(set(zone(ZONE, pool(eu, spec, "127.0.0.1"))));

    await().atMost(Duration.ofSeconds(3)).until(() -> isDown(k));
    assertEquals("timeout after 300 ms", observation(k).detail());
  }

  @Test
  void theFirstResultAloneDecidesSoAnEndpointSeenFailingIsNeverAnsweredAfterAStart() throws Exception {
    Backend b = backend(Backend.fixed(503, ""));
    CheckSpec spec = http("cold", b.port(), "/", 200, null, 100, 2000, 2, 5);
    String k = key(ZONE, spec, "127.0.0.1");
    List<Observation> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    shared.addListener(() -> {
      Observation o = observation(k);
      if (o != null && !published.contains(o)) {
        published.add(o);
      }
    });
    monitor(HealthConfig.defaults().withColdStart(ColdStart.WAIT_FIRST_ROUND))
        .onZones(set(zone(ZONE, pool(eu, spec, "127.0.0.1"))));
    // fall=5, yet the very first (failed) result is published as down
    await().atMost(Duration.ofSeconds(3)).until(() -> !published.isEmpty());
    assertFalse(published.get(0).up());
  }

  @Test
  void unchangedVerdictsAreRepublishedOftenEnoughToStayFreshButNotOnEveryCheck() throws Exception {
    Backend b = backend(Backend.fixed(200, "ok"));
    CheckSpec spec = http("steady", b.port(), "/", 200, null, 50, 2000, 1, 1);
    String k = key(ZONE, spec, "127.0.0.1");
    List<Long> stamps = new java.util.concurrent.CopyOnWriteArrayList<>();
    shared.addListener(() -> {
      Observation o = observation(k);
      if (o != null && !stamps.contains(o.timestampMillis())) {
        stamps.add(o.timestampMillis());
      }
    });
    monitor(HealthConfig.defaults()).onZones(set(zone(ZONE, pool(eu, spec, "127.0.0.1"))));
    await().atMost(Duration.ofSeconds(5)).until(() -> b.requestCount() >= 16);
    int checks = b.requestCount();
    // default staleIntervals=3: an unchanged verdict is re-sent every 2 intervals, i.e. about every other check
    assertTrue(stamps.size() >= 4, "published " + stamps.size() + " times in " + checks + " checks");
    assertTrue(stamps.size() <= checks * 3 / 4, "published " + stamps.size() + " times in " + checks + " checks");
    for (int i = 1; i < stamps.size(); i++) {
      assertTrue(stamps.get(i) - stamps.get(i - 1) <= 3 * (50 + 2000), "a gap would let the verdict go stale");
    }
  }

  @Test
  void anUnchangedVerdictIsRepublishedBeforeItCanGoStaleWhateverTheIntervalAndTimeout() {
    for (int stale : new int[] {2, 3, 5}) {
      for (long[] it : new long[][] {{100, 10}, {1000, 500}, {1000, 10}, {30_000, 1000}, {60_000, 1000}, {3_600_000, 10}}) {
        CheckSpec spec = http("c", 80, "/", 200, null, it[0], it[1], 2, 2);
        long refresh = CheckPlan.refreshMillis(spec, stale);
        // results arrive up to 1.1 intervals + a timeout apart (jitter; a fast probe, then one that times out)
        double newestPublishedAge = refresh + 1.1 * it[0] + it[1];
        double freshFor = stale * (it[0] + it[1]);
        String what = "staleIntervals=" + stale + " interval=" + it[0] + " timeout=" + it[1];
        assertTrue(newestPublishedAge + 0.3 * it[0] <= freshFor, what + ": a published verdict could go stale");
        assertTrue(refresh >= it[0] / 2, what + ": re-published on every check");
      }
    }
  }

  @Test
  void checksFollowZonePublications() throws Exception {
    Backend a = backend(Backend.fixed(200, "a"));
    Backend b = backend(Backend.fixed(200, "b"));
    CheckSpec checkA = http("a", a.port(), "/", 200, null, 50, 2000, 1, 1);
    CheckSpec checkB = http("b", b.port(), "/", 200, null, 50, 2000, 1, 1);
    String kA = key(ZONE, checkA, "127.0.0.1");
    String kB = key(ZONE, checkB, "127.0.0.1");
    Region us = region("us-east", 0);
    HealthMonitor m = monitor(HealthConfig.defaults());

    m.onZones(set(zone(ZONE, pool(eu, checkA, "127.0.0.1"))));
    await().atMost(Duration.ofSeconds(3)).until(() -> a.requestCount() >= 2);
    assertEquals(0, b.requestCount());

    m.onZones(set(zone(ZONE, pool(eu, checkA, "127.0.0.1"), pool(us, checkB, "127.0.0.1"))));
    await().atMost(Duration.ofSeconds(3)).until(() -> b.requestCount() >= 2);
    Counter aChecks = meters.find("aya.health.checks").tag("endpoint", kA).tag("result", "success").counter();
    double before = aChecks.count();

    // A is unchanged (same key, same spec): its check keeps running with its state and meters
    m.onZones(set(zone(ZONE, pool(eu, checkA, "127.0.0.1"), pool(us, checkB, "127.0.0.1"))));
    await().atMost(Duration.ofSeconds(3)).until(() -> aChecks.count() > before + 2);
    assertTrue(meters.find("aya.health.checks").tag("endpoint", kA).counters().contains(aChecks));

    m.onZones(set(zone(ZONE, pool(us, checkB, "127.0.0.1"))));
    assertEquals(List.of(kB), m.probedEndpoints());
    assertEquals(null, meters.find("aya.health.checks").tag("endpoint", kA).counter());
    int stoppedAt = a.requestCount();
    await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> a.requestCount() <= stoppedAt + 1);
    assertTrue(b.requestCount() > 2);
  }

  @Test
  void onlyEndpointsThisNodeProbesAreCheckedAndMembershipChangesReplan() throws Exception {
    Backend a = backend(Backend.fixed(200, "a"));
    Backend b = backend(Backend.fixed(200, "b"));
    CheckSpec checkA = http("a", a.port(), "/", 200, null, 50, 2000, 1, 1);
    CheckSpec checkB = http("b", b.port(), "/", 200, null, 50, 2000, 1, 1);
    String kA = key(ZONE, checkA, "127.0.0.1");
    String kB = key(ZONE, checkB, "127.0.0.1");
    TestClusterState cluster = new TestClusterState("n1", "n2");
    closeables.add(cluster);
    cluster.setProbesLocally(kA::equals);
    monitor = new HealthMonitor(cluster, HealthConfig.defaults(), meters);
    monitor.onZones(set(zone(ZONE, pool(eu, checkA, "127.0.0.1"), pool(region("us-east", 0), checkB, "127.0.0.1"))));
    assertEquals(List.of(kA), monitor.probedEndpoints());
    await().atMost(Duration.ofSeconds(3)).until(() -> a.requestCount() >= 2);
    assertEquals(0, b.requestCount());

    // n2 leaves: rendezvous hashing hands B to this node
    cluster.setProbesLocally(k -> true);
    cluster.setMembers("n1");
    await().atMost(Duration.ofSeconds(3)).until(() -> b.requestCount() >= 2);
    assertEquals(2, monitor.probedEndpoints().size());
  }

  @Test
  void anEndpointTakenOverFromAMemberThatLeftIsProbedAtOnceNotAfterAnIntervalsJitter() throws Exception {
    Backend b = backend(Backend.fixed(200, "b"));
    // a long interval: a first probe spread over one interval would come up to 30 s later
    CheckSpec slow = http("slow", b.port(), "/", 200, null, 30_000, 2000, 1, 1);
    String kB = key(ZONE, slow, "127.0.0.1");
    TestClusterState cluster = new TestClusterState("n1", "n2");
    closeables.add(cluster);
    cluster.setProbesLocally(k -> false);
    monitor = new HealthMonitor(cluster, HealthConfig.defaults(), meters);
    monitor.onZones(set(zone(ZONE, pool(eu, slow, "127.0.0.1"))));
    assertEquals(List.of(), monitor.probedEndpoints());

    // n2, the endpoint's prober, leaves: until this node reports, the endpoint has no live observer
    cluster.setProbesLocally(k -> true);
    cluster.setMembers("n1");
    await().atMost(Duration.ofSeconds(2)).until(() -> b.requestCount() >= 1);
    await().atMost(Duration.ofSeconds(2)).until(() -> cluster.observations().stream()
        .anyMatch(o -> o.endpoint().equals(kB) && o.node().equals("n1") && o.up()));
  }

  @Test
  void metricsCountResultsAndTimeChecks() throws Exception {
    Backend b = backend(Backend.fixed(200, "ok"));
    CheckSpec spec = http("m", b.port(), "/", 200, null, 50, 2000, 1, 1);
    String k = key(ZONE, spec, "127.0.0.1");
    monitor(HealthConfig.defaults()).onZones(set(zone(ZONE, pool(eu, spec, "127.0.0.1"))));
    await().atMost(Duration.ofSeconds(3)).until(() -> b.requestCount() >= 3);
    b.respond(500, "");
    await().atMost(Duration.ofSeconds(3)).until(() -> {
      Counter c = meters.find("aya.health.checks").tag("endpoint", k).tag("result", "failure").counter();
      return c != null && c.count() >= 1;
    });
    assertTrue(meters.find("aya.health.checks").tag("endpoint", k).tag("result", "success").counter().count() >= 3);
    Timer t = meters.find("aya.health.check.latency").tag("endpoint", k).timer();
    assertTrue(t.count() >= 4);
    await().atMost(Duration.ofSeconds(3)).until(() ->
        meters.find("aya.health.state.changes").tag("endpoint", k).tag("state", "down").counter().count() == 1);
    assertFalse(isUp(k));
  }
}
