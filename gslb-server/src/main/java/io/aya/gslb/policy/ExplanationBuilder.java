package io.aya.gslb.policy;

import io.aya.gslb.geo.ClientLocation;
import io.aya.gslb.health.HealthView;
import io.aya.gslb.zone.Fallback;
import io.aya.gslb.zone.PolicySpec;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;

/** Turns a traced run of the chain into an {@link Explanation}. Stateless. */
final class ExplanationBuilder {
  private ExplanationBuilder() {}

  static Explanation build(
      CompiledName c,
      boolean v6,
      InetAddress client,
      int sourcePrefix,
      ClientLocation loc,
      HealthView view,
      Selection sel,
      ExplainTrace trace) {
    Explanation.Client who =
        new Explanation.Client(
            io.netty.util.NetUtil.toAddressString(client),
            sourcePrefix,
            loc.network(),
            loc.scopePrefix(),
            loc.country(),
            loc.continent(),
            loc.hasCoordinates() ? loc.latitude() : null,
            loc.hasCoordinates() ? loc.longitude() : null,
            loc.region(),
            loc.source() == null ? null : loc.source().name());
    int[] rank = new int[c.pools.length];
    List<String> ranking = new ArrayList<>();
    if (!sel.fallback) {
      for (int i = 0; i < sel.count; i++) {
        rank[sel.order[i]] = i + 1;
        ranking.add(c.pools[sel.order[i]].regionName);
      }
    }
    List<Explanation.RegionReport> regions = new ArrayList<>(c.pools.length);
    for (int p = 0; p < c.pools.length; p++) {
      CompiledPool pool = c.pools[p];
      Double distance = null;
      if (loc.hasCoordinates()) {
        double km =
            GreatCircle.kmDegrees(
                loc.latitude(), loc.longitude(), pool.region.latitude(), pool.region.longitude());
        distance = Math.round(km * 10) / 10.0;
      }
      double load = view.regionLoad(pool.regionName);
      double admit = view.admitFraction(pool.regionName);
      List<Explanation.Decision> steps = trace.decisions.get(p);
      Explanation.Decision last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
      boolean kept = rank[p] > 0;
      String step;
      String reason;
      if (last != null) {
        step = last.step();
        reason = last.reason();
      } else if (sel.fallback) {
        step = "fallback";
        reason = "no region left";
      } else {
        step = "up";
        reason = "not evaluated";
      }
      regions.add(
          new Explanation.RegionReport(
              pool.regionName,
              distance,
              trace.membersUp[p],
              trace.members[p] == 0 ? pool.size() : trace.members[p],
              trace.familyUp[p],
              trace.drained[p],
              Double.isNaN(load) ? null : load,
              pool.region.capacity(),
              Double.isNaN(admit) ? 1.0 : Math.max(0, Math.min(1, admit)),
              trace.clientHash[p],
              kept,
              step,
              reason,
              kept ? rank[p] : null,
              steps));
    }
    List<String> addresses = new ArrayList<>();
    for (Record r : sel.records()) {
      InetAddress a = r instanceof ARecord ar ? ar.getAddress() : ((AAAARecord) r).getAddress();
      addresses.add(io.netty.util.NetUtil.toAddressString(a));
    }
    String family = v6 ? "IPv6" : "IPv4";
    boolean fellBack = sel.fallback && c.hasFamily(v6);
    String note;
    if (!c.hasFamily(v6)) {
      note = "the name has no " + family + " members: NODATA";
    } else if (fellBack) {
      note = "no region left: fallback=" + fallbackWord(c.policy.fallback())
          + (addresses.isEmpty() ? " (NODATA)" : "");
    } else {
      note = addresses.size() + " address(es) from " + ranking.get(0);
    }
    Explanation.Answer answer =
        new Explanation.Answer(addresses, c.policy.ttl(), sel.scopePrefix(), fellBack, note);
    return new Explanation(
        c.owner.toString(),
        c.zone,
        v6 ? "AAAA" : "A",
        words(c.policy),
        who,
        regions,
        ranking,
        answer,
        trace.placement);
  }

  /** The policy in {@code $POLICY} words. */
  static String words(PolicySpec p) {
    StringBuilder sb = new StringBuilder();
    if (p.geo()) {
      sb.append("geo ");
    }
    if (!p.priority().isEmpty()) {
      sb.append("priority=").append(String.join(",", p.priority())).append(' ');
    }
    if (p.capacity()) {
      sb.append("capacity ");
    }
    if (p.weighted()) {
      sb.append("weighted ");
    }
    if (!p.geofence().isEmpty()) {
      sb.append("geofence=").append(String.join(",", new TreeSet<>(p.geofence()))).append(' ');
    }
    sb.append("answers=").append(p.answers());
    sb.append(" fallback=").append(fallbackWord(p.fallback()));
    sb.append(" ttl=").append(p.ttl());
    return sb.toString();
  }

  private static String fallbackWord(Fallback f) {
    if (f instanceof Fallback.Fixed fixed) {
      StringBuilder sb = new StringBuilder();
      for (InetAddress a : fixed.addresses()) {
        if (sb.length() > 0) {
          sb.append(',');
        }
        sb.append(io.netty.util.NetUtil.toAddressString(a));
      }
      return sb.toString();
    }
    return f instanceof Fallback.None ? "none" : "all";
  }
}
