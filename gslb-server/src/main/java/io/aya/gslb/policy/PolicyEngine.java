package io.aya.gslb.policy;

import io.aya.gslb.geo.ClientLocation;
import io.aya.gslb.geo.GeoLocator;
import io.aya.gslb.health.HealthView;
import io.aya.gslb.health.HealthViewSource;
import io.aya.gslb.placement.AnswerCounter;
import io.aya.gslb.placement.PlacementSource;
import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneSet;
import java.net.InetAddress;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Type;

/**
 * The policy chain of AYA: answers A/AAAA queries for balanced names from the client's location, the current
 * health view and the name's {@code $POLICY}. The chain, applied to the name's regions (pools) in order:
 *
 * <ol>
 *   <li>{@code up}: drop drained regions and pools with fewer than {@code up=N} members up;
 *   <li>{@code family}: drop regions with no up member of the queried family (A: IPv4, AAAA: IPv6);
 *   <li>{@code geofence}: drop everything for clients outside the listed countries/continents;
 *   <li>{@code capacity}: the placement plan's region for the client's network when the plan covers it
 *       (docs/placement.md), else proportional shedding by a stable per-network hash against the admitted
 *       fraction;
 *   <li>{@code ranking}: pinned region, {@code priority=} order, then great-circle distance or zone order;
 *   <li>{@code weighted}: weighted, per-network deterministic order of members (and of regions when no
 *       ranking word is given);
 *   <li>{@code answers}: up to N addresses from the best region, continuing with the next only when it has
 *       fewer than N; inside a region in a per-network order (weighted, or else a rendezvous hash), so one
 *       client network always gets the same addresses and many networks spread over every member;
 * </ol>
 *
 * A forwarded name ({@code $FORWARD}) is answered in the last step with the forward addresses of the live AYA
 * nodes of the regions left ({@link ForwardAnswersStep}, {@link #forwardNodes(ForwardNodes)}) instead of
 * pool members.
 *
 * <p>{@code fallback} ({@code all}, {@code none}, fixed addresses) applies when no region is left (or, for a
 * forwarded name, no region left has a forwarding node), whichever step
 * left none (health, geofence, or capacity shedding the client from every region). A query of a family the
 * name has no member of at all is NODATA (fallback does not apply). The records are pre-built with the
 * policy's TTL.
 *
 * <p><b>ECS scope</b> (RFC 7871 §7.2.1), never longer than the source prefix:
 *
 * <ul>
 *   <li>when a step used the client network's hash (capacity shedding with an admitted fraction strictly
 *       between 0 and 1, a weighted choice among several, a member choice among several): the hashed
 *       network's prefix, the longer of the located network's scope and /24 (IPv4) or /56 (IPv6);
 *   <li>else when a step used the client's location (geofence, geo ranking over more than one region): the
 *       location's scope, i.e. the prefix of the network that decided it (for an unknown client, the block
 *       around it that the locator holds no data for);
 *   <li>else 0: the answer is the same for every client. This includes clients of a locator that has no data
 *       at all (its locations have scope 0).
 * </ul>
 *
 * <p><b>Zones</b>: endpoint keys need the origin of the zone the balanced name is in. {@link #prepare} is
 * called with every published {@link ZoneSet} and compiles each balanced name of each zone once, keyed by
 * the {@link BalancedName} instance; {@link #resolve} looks the instance up. A name not prepared yet (a query
 * racing a zone publication) is compiled on the fly against the closest enclosing zone of the last
 * prepared set (or, if none, its own name as zone), without being cached.
 *
 * <p><b>Thread-safety</b>: {@code resolve} and {@code explain} may be called from any thread; {@code resolve}
 * takes no lock, reads one volatile snapshot, and reuses one scratch state per thread. {@code prepare} is
 * serialized internally.
 */
public final class PolicyEngine implements BalancedResolver {
  private static final BalancedAnswer NODATA = new BalancedAnswer(List.of(), 0, List.of());
  private static final ThreadLocal<Selection> SCRATCH = ThreadLocal.withInitial(Selection::new);

  private final GeoLocator geo;
  private final HealthViewSource health;
  private volatile Compiled compiled = Compiled.EMPTY;
  private volatile PlacementSource placement = PlacementSource.NONE;
  private volatile AnswerCounter answerCounter;
  private volatile ForwardNodes forwardNodes = ForwardNodes.NONE;
  private volatile AnswerMeters answerMeters;

  public PolicyEngine(GeoLocator geo, HealthViewSource health) {
    this.geo = Objects.requireNonNull(geo, "geo");
    this.health = Objects.requireNonNull(health, "health");
  }

  /**
   * Makes names with {@code capacity} follow the published placement plan ({@link PlacementStep}) and counts
   * which client networks were answered with which region ({@code counter}, may be null) for the planner's
   * demand estimate. Call once at start-up.
   */
  public void usePlacement(PlacementSource source, AnswerCounter counter) {
    this.placement = Objects.requireNonNull(source, "source");
    this.answerCounter = counter;
  }

  /**
   * Counts every balanced answer in {@code aya_answers_total{zone,region,outcome}} (names compiled from the
   * next {@link #prepare} on). Call once at start-up. (The region of each answer also goes to the DNS
   * server's sampled query log through {@link BalancedAnswer#region()}.)
   */
  public void observe(AnswerMeters meters) {
    this.answerMeters = meters;
  }

  /**
   * Compiles every balanced name of {@code zones} and publishes them to the answer path. Call on every zone
   * publication. Names whose {@link BalancedName} instance is unchanged reuse their compiled form.
   */
  public synchronized void prepare(ZoneSet zones) {
    Objects.requireNonNull(zones, "zones");
    Compiled previous = compiled;
    IdentityHashMap<BalancedName, CompiledName> byName = new IdentityHashMap<>();
    for (Zone zone : zones.zones()) {
      String origin = zoneName(zone);
      for (BalancedName bn : zone.balancedNames()) {
        CompiledName old = previous.byName.get(bn);
        CompiledName c = old != null && old.zone.equals(origin) ? old : new CompiledName(bn, origin);
        AnswerMeters meters = answerMeters;
        if (meters != null && c.tally == null) {
          c.tally = meters.tally(c);
        }
        byName.put(bn, c);
      }
    }
    compiled = new Compiled(zones, byName);
  }

  /**
   * Publishes the forward addresses of the live AYA nodes by region: forwarded names ({@code $FORWARD}) are
   * answered with these from now on. Call on every membership change.
   */
  public void forwardNodes(ForwardNodes nodes) {
    this.forwardNodes = Objects.requireNonNull(nodes, "nodes");
  }

  /** The forward addresses in force. */
  public ForwardNodes forwardNodes() {
    return forwardNodes;
  }

  /**
   * The regions the name's chain keeps for this client now, best first (health, drain, geofence, capacity,
   * ranking; no addresses picked): where the L4 forwarder's {@code fallback=next-region} looks. The family
   * step uses the name's IPv4 members, or its IPv6 ones when it has no IPv4 member (the forwarder connects to
   * either, whatever the client's family).
   */
  public List<String> regionOrder(BalancedName name, InetAddress client) {
    CompiledName c = compiled(name);
    int prefix = client.getAddress().length * 8;
    Selection sel = new Selection();
    sel.reset(c, !c.hasIpv4, currentHealth(), locate(client, prefix), client, prefix);
    for (Step step : c.chain) {
      step.apply(sel, null);
      if (sel.count == 0) {
        break;
      }
    }
    List<String> out = new java.util.ArrayList<>(sel.count);
    for (int i = 0; i < sel.count; i++) {
      out.add(c.pools[sel.order[i]].regionName);
    }
    return out;
  }

  @Override
  public BalancedAnswer resolve(BalancedName name, int qtype, InetAddress client, int sourcePrefix) {
    boolean v6;
    if (qtype == Type.A) {
      v6 = false;
    } else if (qtype == Type.AAAA) {
      v6 = true;
    } else {
      return NODATA;
    }
    CompiledName c = compiled(name);
    if (!c.hasFamily(v6)) {
      // same outcome as running the chain: every region dropped by the family step, no fallback
      AnswerMeters.Tally tally = c.tally;
      if (tally != null) {
        tally.nodata();
      }
      return NODATA;
    }
    ClientLocation location = locate(client, sourcePrefix);
    Selection sel = SCRATCH.get();
    run(c, v6, client, sourcePrefix, location, currentHealth(), sel, null);
    AnswerCounter counter = answerCounter;
    if (counter != null && c.policy.capacity() && !sel.fallback && sel.pickedCount > 0) {
      counter.count(c.pools[sel.order[0]].regionName, client);
    }
    AnswerMeters.Tally tally = c.tally;
    if (tally != null) {
      tally.count(sel);
    }
    String region = !sel.fallback && sel.pickedCount > 0 ? c.pools[sel.order[0]].regionName : null;
    BalancedAnswer answer = new BalancedAnswer(sel.records(), sel.scopePrefix(), sel.rdata(), region);
    sel.clear();
    return answer;
  }

  /**
   * Explains the answer {@link #resolve} gives this client now, running the same steps with a trace.
   *
   * @param zoneOrigin origin of the zone the name is in ({@code example.com} or {@code example.com.}), or
   *     null to use the prepared zone
   * @param qtype {@code Type.A} or {@code Type.AAAA}
   * @throws IllegalArgumentException for another qtype
   */
  public Explanation explain(
      BalancedName name, String zoneOrigin, int qtype, InetAddress client, int sourcePrefix) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(client, "client");
    if (qtype != Type.A && qtype != Type.AAAA) {
      throw new IllegalArgumentException("type: " + Type.string(qtype) + " (expected: A or AAAA)");
    }
    boolean v6 = qtype == Type.AAAA;
    CompiledName c = compiled(name);
    if (zoneOrigin != null) {
      String zone = normalize(zoneOrigin);
      if (!c.zone.equals(zone)) {
        c = new CompiledName(name, zone);
      }
    }
    ClientLocation location = locate(client, sourcePrefix);
    HealthView view = currentHealth();
    Selection sel = new Selection();
    ExplainTrace trace = new ExplainTrace(c.pools.length);
    run(c, v6, client, sourcePrefix, location, view, sel, trace);
    return ExplanationBuilder.build(c, v6, client, sourcePrefix, location, view, sel, trace);
  }

  private void run(
      CompiledName c,
      boolean v6,
      InetAddress client,
      int sourcePrefix,
      ClientLocation location,
      HealthView view,
      Selection sel,
      Trace trace) {
    sel.reset(c, v6, view, location, client, sourcePrefix);
    sel.plan = placement.current();
    sel.forwardNodes = forwardNodes;
    for (Step step : c.chain) {
      step.apply(sel, trace);
      if (sel.count == 0) {
        // nothing left: later steps cannot change the outcome, nor make it depend on the client
        break;
      }
    }
    if (sel.count == 0) {
      FallbackStep.INSTANCE.apply(sel, trace);
    } else if (c.forwarded) {
      ForwardAnswersStep.INSTANCE.apply(sel, trace);
      if (sel.pickedCount == 0) {
        FallbackStep.INSTANCE.apply(sel, trace);
      }
    } else {
      FirstAnswersStep.INSTANCE.apply(sel, trace);
    }
  }

  private ClientLocation locate(InetAddress client, int sourcePrefix) {
    ClientLocation location = geo.locate(client, sourcePrefix);
    return location == null ? ClientLocation.UNKNOWN : location;
  }

  private HealthView currentHealth() {
    HealthView view = health.current();
    return view == null ? HealthView.ALL_UP : view;
  }

  private CompiledName compiled(BalancedName name) {
    Compiled snapshot = compiled;
    CompiledName c = snapshot.byName.get(name);
    if (c != null) {
      return c;
    }
    Zone zone = snapshot.zones.findZone(name.name());
    return new CompiledName(name, zone != null ? zoneName(zone) : name.name().toString(true));
  }

  private static String zoneName(Zone zone) {
    return zone.origin().toString(true);
  }

  private static String normalize(String origin) {
    return origin.length() > 1 && origin.endsWith(".") ? origin.substring(0, origin.length() - 1) : origin;
  }

  /** The compiled names of one zone publication. Immutable once published. */
  private static final class Compiled {
    static final Compiled EMPTY = new Compiled(ZoneSet.EMPTY, new IdentityHashMap<>());

    final ZoneSet zones;
    final IdentityHashMap<BalancedName, CompiledName> byName;

    Compiled(ZoneSet zones, IdentityHashMap<BalancedName, CompiledName> byName) {
      this.zones = zones;
      this.byName = byName;
    }
  }
}
