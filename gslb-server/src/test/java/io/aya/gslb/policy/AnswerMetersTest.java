package io.aya.gslb.policy;

import static io.aya.gslb.policy.Fixtures.LONDON;
import static io.aya.gslb.policy.Fixtures.NEW_YORK;
import static io.aya.gslb.policy.Fixtures.cities;
import static io.aya.gslb.policy.Fixtures.geo;
import static io.aya.gslb.policy.Fixtures.policy;
import static io.aya.gslb.policy.Fixtures.www;
import static io.aya.gslb.policy.Fixtures.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Fallback;
import io.aya.gslb.zone.ZoneSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** {@code aya_answers_total{zone,region,outcome}} counts each balanced answer by the region chosen and how. */
class AnswerMetersTest {
  private final TestHealthView health = new TestHealthView();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private PolicyEngine engine(BalancedName www) {
    PolicyEngine engine = new PolicyEngine(cities(), health);
    engine.observe(new AnswerMeters(registry));
    engine.prepare(ZoneSet.of(List.of(zone("example.com.", www))));
    return engine;
  }

  private double count(String region, String outcome) {
    var c = registry.find("aya.answers").tags("zone", "example.com", "region", region, "outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void answersAreCountedUnderTheRegionTheClientWasSentTo() {
    BalancedName www = www(geo());
    PolicyEngine engine = engine(www);
    engine.resolve(www, Type.A, LONDON, 32);
    engine.resolve(www, Type.A, LONDON, 32);
    engine.resolve(www, Type.A, NEW_YORK, 32);
    assertEquals(2, count("eu-west", "region"));
    assertEquals(1, count("us-east", "region"));
    assertEquals(0, count("none", "fallback"));
  }

  @Test
  void fallbackAndNodataAreCountedAsTheirOutcome() {
    BalancedName all = www(geo());
    PolicyEngine engine = engine(all);
    health.drained.addAll(Set.of("eu-west", "us-east", "ap-southeast"));
    engine.resolve(all, Type.A, LONDON, 32);
    assertEquals(1, count("none", "fallback"));

    BalancedName none = www(policy(true, List.of(), false, false, Set.of(), 1, Fallback.NONE));
    PolicyEngine strict = engine(none);
    strict.resolve(none, Type.A, LONDON, 32);
    assertEquals(1, count("none", "nodata"));
    assertEquals(0, count("eu-west", "region"));
  }
}
