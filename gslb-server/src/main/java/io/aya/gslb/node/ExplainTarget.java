package io.aya.gslb.node;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.aya.gslb.admin.ApiException;
import io.aya.gslb.dns.RateLimitReport;
import io.aya.gslb.policy.Explanation;
import io.aya.gslb.zone.BalancedName;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneNode;
import io.aya.gslb.zone.ZoneSet;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * The balanced name that answers A/AAAA for a queried name, found as a resolver would: the name itself (or the
 * wildcard that covers it), else the target of its CNAME, hop by hop through the zones served here (RFC 1034
 * §3.6.2, §4.3.2 step 3a), at most {@link #MAX_HOPS} CNAMEs. Stateless.
 */
final class ExplainTarget {
  static final int MAX_HOPS = 8;

  private ExplainTarget() {}

  /** @param cnames the CNAME records followed, in presentation format; empty when the name is balanced itself */
  record Found(Zone zone, BalancedName balanced, List<String> cnames) {}

  /** An explanation reached through CNAMEs: the name asked and the chain, then the explanation's own fields. */
  record ThroughCnames(
      String query, List<String> cnames, @JsonUnwrapped Explanation explanation, RateLimitReport rateLimit) {}

  /** An explanation of the balanced name asked, then what response rate limiting would do to the answer. */
  record Direct(@JsonUnwrapped Explanation explanation, RateLimitReport rateLimit) {}

  /** @throws ApiException 404 naming why no balanced name answers */
  static Found find(ZoneSet zones, Name query) {
    List<String> cnames = new ArrayList<>();
    Name n = query;
    for (int hop = 0; ; hop++) {
      Zone zone = zones.findZone(n);
      if (zone == null) {
        throw new ApiException(404, "name: " + n + " is not in any zone served here"
            + (cnames.isEmpty() ? "" : " (reached from " + query + " through " + cnames + ")"));
      }
      BalancedName b = zone.lookup(n).balanced();
      if (b != null) {
        return new Found(zone, b, List.copyOf(cnames));
      }
      ZoneNode node = zone.lookup(n).node();
      RRset cname = node == null ? null : node.rrset(Type.CNAME);
      if (cname == null || cname.size() == 0 || zone.lookup(n).cut() != null || zone.lookup(n).redirect() != null) {
        List<String> known = new ArrayList<>();
        for (BalancedName x : zone.balancedNames()) {
          known.add(x.name().toString());
        }
        throw new ApiException(404, "name: " + n + " is not a balanced name of zone " + zone.origin()
            + (cnames.isEmpty() ? "" : " (reached from " + query + " through " + cnames + ")")
            + " (balanced names: " + known + ")");
      }
      if (hop == MAX_HOPS) {
        throw new ApiException(404, "name: " + query + " leads through more than " + MAX_HOPS + " CNAMEs: " + cnames);
      }
      CNAMERecord c = (CNAMERecord) cname.first();
      cnames.add(n + " CNAME " + c.getTarget());
      n = c.getTarget();
    }
  }
}
