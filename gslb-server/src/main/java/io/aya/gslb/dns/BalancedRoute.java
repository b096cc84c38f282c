package io.aya.gslb.dns;

import java.util.List;
import java.util.Objects;

/**
 * A response whose static part was rendered by dnsjava once per snapshot and question, and whose balanced
 * RRsets are resolved and appended per query ({@link BalancedResponder}): a balanced name asked for A or AAAA,
 * directly, through a wildcard or at the end of a CNAME/DNAME chain, or an SVCB/HTTPS answer with a balanced
 * target among its additionals.
 *
 * @param head header and sections without OPT: the question, any CNAME chain and, for SVCB additionals, the
 *     whole static answer; {@code answer}'s records go after its last record
 * @param answer the balanced RRset of the answer section, or null when all of them are additional
 * @param noData {@code head} plus the SOA in the authority section (RFC 2308 §3), for when {@code answer}
 *     resolves to no records; null when {@code answer} is
 * @param additional balanced RRsets appended to the additional section, when they fit (RFC 2181 §9); in a
 *     signed answer each with its RRSIGs or not at all
 */
record BalancedRoute(byte[] head, Slot answer, byte[] noData, List<Slot> additional) implements CachedRoute {
  BalancedRoute {
    Objects.requireNonNull(head, "head");
    if ((answer == null) != (noData == null)) {
      throw new IllegalArgumentException("noData: " + (noData == null ? "null" : "set") + " (expected: with answer)");
    }
    additional = List.copyOf(additional);
  }

  @Override
  public int bytes() {
    return head.length + (noData == null ? 0 : noData.length) + 64 * (1 + additional.size());
  }

  /**
   * Where one balanced RRset goes.
   *
   * @param rrset what the records are and whose policy chooses them
   * @param owner the owner name as it is written before each record: a compression pointer to the name in
   *     {@code head} (RFC 1035 §4.1.4), or the name in full when it occurs nowhere there; must not be modified
   * @param signatures the RRSIGs to append after the records (a DO=1 answer from a signed zone), or null
   */
  record Slot(BalancedRrset rrset, byte[] owner, SlotSignatures signatures) {
    Slot {
      Objects.requireNonNull(rrset, "rrset");
      Objects.requireNonNull(owner, "owner");
    }

    /** An unsigned slot. */
    Slot(BalancedRrset rrset, byte[] owner) {
      this(rrset, owner, null);
    }
  }
}
