package io.aya.gslb.zone;

import static io.aya.gslb.zone.RdataField.AMT_RELAY;
import static io.aya.gslb.zone.RdataField.ATMA;
import static io.aya.gslb.zone.RdataField.BASE64;
import static io.aya.gslb.zone.RdataField.BASE64_OPTIONAL;
import static io.aya.gslb.zone.RdataField.BASE64_OR_DASH;
import static io.aya.gslb.zone.RdataField.EUI48;
import static io.aya.gslb.zone.RdataField.EUI64;
import static io.aya.gslb.zone.RdataField.HEX;
import static io.aya.gslb.zone.RdataField.ILNP64;
import static io.aya.gslb.zone.RdataField.IPV4;
import static io.aya.gslb.zone.RdataField.NAME;
import static io.aya.gslb.zone.RdataField.STRING;
import static io.aya.gslb.zone.RdataField.STRINGS;
import static io.aya.gslb.zone.RdataField.TYPE;
import static io.aya.gslb.zone.RdataField.TYPE_BITMAP;
import static io.aya.gslb.zone.RdataField.U16;
import static io.aya.gslb.zone.RdataField.U32;
import static io.aya.gslb.zone.RdataField.U64;
import static io.aya.gslb.zone.RdataField.U8;

import java.util.List;
import org.xbill.DNS.Type;

/**
 * The IANA-registered record types that dnsjava 3.6 cannot read from master files, added through its public
 * extension point ({@link Type#register}) as {@link FieldRecord}s: after {@link #register()}, zone files carry them
 * in their presentation format, and every type (these, dnsjava's own, and any unassigned number as
 * {@code TYPEnnn}) also in the RFC 3597 generic form {@code \# length hex}. UINFO, UID, GID and UNSPEC have no
 * defined presentation format and load in the generic form only.
 *
 * <p>Thread-safety: the registration runs once, in this class's initializer, which the zone parser and the query
 * path trigger through {@link #register()} before they read dnsjava's type table (it is not synchronized); nothing
 * registers types afterwards.
 */
public final class RecordTypes {
  /** What this class adds, in type order (docs/dns.md lists the same). */
  static final List<RdataLayout> ADDED = List.of(
      new RdataLayout(31, "EID", List.of(HEX), "draft-ietf-nimrod-dns-00 (hex, as BIND)"),
      new RdataLayout(32, "NIMLOC", List.of(HEX), "draft-ietf-nimrod-dns-00 (hex, as BIND)"),
      new RdataLayout(34, "ATMA", List.of(ATMA), "ATM Forum af-dans-0152.000"),
      new RdataLayout(40, "SINK", List.of(U8, U8, U8, BASE64_OPTIONAL), "draft-eastlake-kitchen-sink (as BIND)"),
      new RdataLayout(56, "NINFO", List.of(STRINGS), "IANA (as TXT, as BIND)"),
      new RdataLayout(57, "RKEY", List.of(U16, U8, U8, BASE64), "IANA (as DNSKEY, as BIND)"),
      new RdataLayout(58, "TALINK", List.of(NAME, NAME), "IANA (two names, as BIND)"),
      new RdataLayout(62, "CSYNC", List.of(U32, U16, TYPE_BITMAP), "RFC 7477"),
      new RdataLayout(66, "DSYNC", List.of(TYPE, U8, U16, NAME), "RFC 9859"),
      new RdataLayout(67, "HHIT", List.of(BASE64), "draft-ietf-drip-registries (base64)"),
      new RdataLayout(68, "BRID", List.of(BASE64), "draft-ietf-drip-registries (base64)"),
      new RdataLayout(104, "NID", List.of(U16, ILNP64), "RFC 6742"),
      new RdataLayout(105, "L32", List.of(U16, IPV4), "RFC 6742"),
      new RdataLayout(106, "L64", List.of(U16, ILNP64), "RFC 6742"),
      new RdataLayout(107, "LP", List.of(U16, NAME), "RFC 6742"),
      new RdataLayout(108, "EUI48", List.of(EUI48), "RFC 7043"),
      new RdataLayout(109, "EUI64", List.of(EUI64), "RFC 7043"),
      new RdataLayout(258, "AVC", List.of(STRINGS), "IANA (as TXT)"),
      new RdataLayout(259, "DOA", List.of(U32, U32, U8, STRING, BASE64_OR_DASH), "draft-durand-doa-over-dns"),
      new RdataLayout(260, "AMTRELAY", List.of(U8, AMT_RELAY), "RFC 8777"),
      new RdataLayout(261, "RESINFO", List.of(STRINGS), "RFC 9606 (as TXT)"),
      new RdataLayout(262, "WALLET", List.of(STRINGS), "IANA (as TXT)"),
      new RdataLayout(263, "CLA", List.of(STRINGS), "draft-johnson-dns-ipn-cla (as TXT)"),
      new RdataLayout(264, "IPN", List.of(U64), "draft-johnson-dns-ipn-cla (64-bit node number)"),
      new RdataLayout(32768, "TA", List.of(U16, U8, U8, HEX), "IANA (as DS, as BIND)"));

  /** RFC 9824 §3.4's meta type, registered by name only so that it reads and prints as NXNAME. */
  static final int NXNAME = 128;

  static {
    for (RdataLayout l : ADDED) {
      Type.register(l.type(), l.mnemonic(), () -> new FieldRecord(l));
    }
    Type.register(NXNAME, "NXNAME", null);
  }

  private RecordTypes() {}

  /** Makes sure the types are registered with dnsjava (they are once this class is initialized). */
  public static void register() {
    // the static initializer did the work
  }

  /**
   * True for types that are never data in a zone: OPT, TSIG, TKEY, the query types and the meta range 128..255
   * (RFC 6895 §3.1).
   */
  static boolean isMeta(int type) {
    return type == Type.OPT || (type >= 128 && type <= 255);
  }
}
