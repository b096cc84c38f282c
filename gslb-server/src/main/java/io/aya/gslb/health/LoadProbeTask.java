package io.aya.gslb.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aya.cluster.LoadReport;
import io.aya.gslb.zone.LoadProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one {@code $LOAD} URL every (jittered) interval and hands each reading to {@code publish} as a
 * {@link LoadReport}. The body is a bare number, or JSON with the number at the probe's dotted
 * {@code field} path ({@code stats.load}, array indexes allowed: {@code regions.0.load}). A failed poll
 * publishes nothing: the last report ages out after the view's load TTL.
 *
 * <p>Thread-safety: confined to its event loop; {@link #stop()} from any thread.
 */
final class LoadProbeTask {
  private static final Logger log = LoggerFactory.getLogger(LoadProbeTask.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoadProbe probe;
  private final String node;
  private final HealthProber prober;
  private final EventLoop loop;
  private final ProbeSchedule schedule;
  private final Consumer<LoadReport> publish;
  private final MeterRegistry meters;
  private final Counter ok;
  private final Counter failed;
  private final InetSocketAddress target;
  private final String hostHeader;
  private final String path;
  private final Clock clock;
  private boolean failing;

  LoadProbeTask(LoadProbe probe, String node, HealthProber prober, Consumer<LoadReport> publish, MeterRegistry meters,
      Clock clock) {
    this.probe = probe;
    this.clock = clock;
    this.node = node;
    this.prober = prober;
    this.loop = prober.nextLoop();
    this.schedule = new ProbeSchedule(loop, probe.interval(), this::poll);
    this.publish = publish;
    this.meters = meters;
    URI url = probe.url();
    boolean tls = "https".equals(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    String host = url.getHost();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    InetAddress literal = NetUtil.isValidIpV4Address(bare) || NetUtil.isValidIpV6Address(bare)
        ? NetUtil.createInetAddressFromIpAddressString(bare) : null;
    this.target = literal != null ? new InetSocketAddress(literal, port) : InetSocketAddress.createUnresolved(host, port);
    this.hostHeader = url.getPort() > 0 ? host + ":" + port : host;
    String p = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    this.path = url.getRawQuery() == null ? p : p + "?" + url.getRawQuery();
    this.ok = Counter.builder("aya.load.probes").tag("region", probe.region()).tag("result", "success").register(meters);
    this.failed = Counter.builder("aya.load.probes").tag("region", probe.region()).tag("result", "failure").register(meters);
  }

  LoadProbe probe() {
    return probe;
  }

  void start() {
    schedule.start(probe.interval());
  }

  void stop() {
    schedule.stop();
    meters.remove(ok);
    meters.remove(failed);
  }

  private void poll() {
    boolean tls = "https".equals(probe.url().getScheme());
    prober.get(loop, target, tls, hostHeader, path, probe.interval()).addListener(f -> {
      if (schedule.stopped()) {
        return;
      }
      String problem;
      if (!f.isSuccess()) {
        problem = HealthProber.describe(f.cause(), probe.interval());
      } else {
        HttpReply reply = (HttpReply) f.getNow();
        problem = reply.status() == 200 ? null : "HTTP " + reply.status();
        if (problem == null) {
          try {
            double load = parseLoad(reply.body(), probe.field());
            publish.accept(new LoadReport(probe.region(), node, load, clock.millis()));
          } catch (IllegalArgumentException e) {
            problem = e.getMessage();
          }
        }
      }
      if (problem == null) {
        ok.increment();
        if (failing) {
          log.info("Load probe {} for region {} works again", probe.url(), probe.region());
        }
      } else {
        failed.increment();
        if (!failing) {
          log.warn("Load probe {} for region {} failed: {}", probe.url(), probe.region(), problem);
        }
      }
      failing = problem != null;
      schedule.next();
    });
  }

  /**
   * The load in a probe's response body: a bare number when {@code field} is null, else the number at
   * the dotted path in a JSON document.
   *
   * @throws IllegalArgumentException when the body holds no finite, non-negative number there
   */
  static double parseLoad(String body, String field) {
    String text;
    if (field == null) {
      text = body.trim();
    } else {
      JsonNode node;
      try {
        node = JSON.readTree(body);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("load body is not JSON: " + e.getOriginalMessage());
      }
      for (String part : field.split("\\.", -1)) {
        if (node == null) {
          break;
        }
        node = node.isArray() && isIndex(part) ? node.get(Integer.parseInt(part)) : node.get(part);
      }
      if (node == null || !(node.isNumber() || node.isTextual())) {
        throw new IllegalArgumentException("load field '" + field + "': missing or not a number");
      }
      if (node.isNumber()) {
        return checked(node.asDouble(), field);
      }
      text = node.asText().trim();
    }
    double v;
    try {
      v = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
      throw new IllegalArgumentException("load: '" + shown + "' is not a number");
    }
    return checked(v, field == null ? "body" : field);
  }

  private static double checked(double v, String where) {
    if (!Double.isFinite(v) || v < 0) {
      throw new IllegalArgumentException("load in " + where + ": " + v + " (expected: a finite number >= 0)");
    }
    return v;
  }

  private static boolean isIndex(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
