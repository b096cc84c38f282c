package io.aya.gslb.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Which node answered: {@code id.server.} (RFC 4892) and its older alias {@code hostname.bind.}, class CH,
 * type TXT, answer the configured server id (the node name unless {@code server-id} says otherwise), so an
 * operator behind anycast or a load balancer can tell nodes apart. {@code version.bind.} and
 * {@code version.server.} are not answered (REFUSED, as every other CH name): the version is not disclosed
 * over DNS. {@link #NONE} answers nothing. Immutable; the record is built once.
 */
public final class ChaosIdentity {
  /** Answers no CH query (they are REFUSED). */
  public static final ChaosIdentity NONE = new ChaosIdentity(null);

  private static final Name ID_SERVER = Name.fromConstantString("id.server.");
  private static final Name HOSTNAME_BIND = Name.fromConstantString("hostname.bind.");

  private final String id;

  private ChaosIdentity(String id) {
    this.id = id;
  }

  /** @param serverId the text to answer; null or empty for {@link #NONE} */
  public static ChaosIdentity of(String serverId) {
    if (serverId == null || serverId.isEmpty()) {
      return NONE;
    }
    if (serverId.length() > 255 || !serverId.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("server-id: '" + serverId
          + "' (expected: at most 255 printable ASCII characters, or \"\" to answer no id.server query)");
    }
    return new ChaosIdentity(serverId);
  }

  /** The id answered, or null for none. */
  public String id() {
    return id;
  }

  /** True when this CH query names the server (id.server. or hostname.bind.) and an id is configured. */
  boolean answers(Name qname) {
    return id != null && (qname.equals(ID_SERVER) || qname.equals(HOSTNAME_BIND));
  }

  /** The TXT record for {@code qname} (TTL 0: a cache must not answer for another node). */
  TXTRecord record(Name qname) {
    return new TXTRecord(qname, DClass.CH, 0, id);
  }

  /** True for the types that get the TXT record (TXT and ANY); others get NODATA. */
  static boolean wantsText(int qtype) {
    return qtype == Type.TXT || qtype == Type.ANY;
  }

  @Override
  public String toString() {
    return id == null ? "none" : id;
  }
}
