package io.aya.gslb.zone;

import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;

/**
 * Where a name lands in one zone, found as RFC 1034 §4.3.2 step 3 walks the tree: the node at the name itself,
 * the topmost zone cut or DNAME on the way down from the apex (RFC 6672 §3.2 step 3: the highest one decides),
 * and, when the name does not exist and neither is on the way, the wildcard at its closest encloser
 * (RFC 4592 §3.3.1). The DNS answer path, explain and the admin API all look names up
 * through {@link Zone#lookup(Name)}, so they agree on which node answers.
 *
 * @param exact the node at exactly the name (an owner or an empty non-terminal), or null
 * @param cut the topmost delegation (a node with NS below the apex) at or above the name, when no DNAME is above
 *     it, else null
 * @param redirect the topmost DNAME owner strictly above the name, when no cut is above it, else null
 * @param wildcard the wildcard node at the closest encloser when {@code exact}, {@code cut} and {@code redirect}
 *     are null, else null
 */
public record NameLookup(ZoneNode exact, ZoneNode cut, ZoneNode redirect, ZoneNode wildcard) {
  private static final Name WILD = Name.fromConstantString("*");

  static NameLookup in(Zone zone, Name name) {
    int below = name.labels() - zone.origin().labels();
    ZoneNode exact = null;
    ZoneNode closest = null;
    ZoneNode cut = null;
    ZoneNode redirect = null;
    for (int skip = 0; skip <= below; skip++) {
      ZoneNode node = zone.node(skip == 0 ? name : new Name(name, skip));
      if (node == null) {
        continue;
      }
      if (closest == null) {
        closest = node;
        if (skip == 0) {
          exact = node;
        }
      }
      if (node.isDelegation()) {
        cut = node;
        redirect = null;
      } else if (skip > 0 && node.dname() != null) {
        redirect = node;
        cut = null;
      }
    }
    if (exact != null || cut != null || redirect != null) {
      return new NameLookup(exact, cut, redirect, null);
    }
    if (closest == null) {
      closest = zone.node(zone.origin());
    }
    return new NameLookup(null, null, null, closest == null ? null : zone.node(wildcardOf(closest.name())));
  }

  private static Name wildcardOf(Name closestEncloser) {
    try {
      return Name.concatenate(WILD, closestEncloser);
    } catch (NameTooLongException e) {
      // cannot happen for a proper ancestor of a valid name; no wildcard can exist then
      return WILD;
    }
  }

  /** The node that answers when no cut or DNAME applies: the exact node, else the wildcard; null means NXDOMAIN. */
  public ZoneNode node() {
    return exact != null ? exact : wildcard;
  }

  /** True when the answer is synthesized from the wildcard (owner names are rewritten to the query name). */
  public boolean synthesized() {
    return exact == null;
  }

  /**
   * The balanced name that answers A/AAAA queries for the name, or null: below a delegation or a DNAME, a
   * static name, or a name that does not exist (not even through a wildcard).
   */
  public BalancedName balanced() {
    ZoneNode n = node();
    return cut != null || redirect != null || n == null ? null : n.balanced();
  }
}
