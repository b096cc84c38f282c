/**
 * The authoritative DNS engine: Netty UDP and TCP listeners ({@link io.aya.gslb.dns.DnsServer}, configured by
 * {@link io.aya.gslb.dns.DnsConfig}) and the answer path over the current zone snapshot.
 *
 * <p>Behaviour worth knowing when operating or testing it:
 *
 * <ul>
 *   <li>Raw bytes are validated before anything else (RFC 1035 §4.1): shorter than a header or QR=1 is not
 *       answered; QDCOUNT other than 1, bad names (label over 63 bytes, name over 255, truncated, forward or
 *       looping compression pointers), record counts beyond the data, trailing bytes, a second OPT or an OPT
 *       outside the additional section are FORMERR built from the 12-byte header (ID, opcode, RD, CD copied, no
 *       sections). An inconsistent ECS option (RFC 7871 §7.1.1) leaves the message readable: its FORMERR
 *       carries the question and our OPT, without ECS (RFC 6891 §7). An opcode other than QUERY is NOTIMP: with
 *       question and OPT when the message reads as a query would, else from the header.
 *   <li>Answers follow RFC 1034 §4.3.2: referrals at zone cuts with in-bailiwick glue (AA clear; DS at a cut is
 *       answered from the parent side, RFC 4035 §3.1.4.1), CNAME chains inside the zone (at most 12
 *       names, loops stop at the first repeat; not for RRSIG and NSEC, which may sit beside a CNAME), DNAME
 *       redirection with a synthesized CNAME (RFC 6672 §3.2; YXDOMAIN past 255 octets), wildcards per RFC
 *       4592, NXDOMAIN and NODATA with the SOA at TTL min(SOA TTL, MINIMUM) (RFC 2308 §3), addresses of in-zone
 *       MX, SRV and NS targets in the additional section, and the RFC 9460 §4.1 additionals of SVCB/HTTPS answers. Names outside every zone are REFUSED without AA;
 *       classes other than IN are REFUSED. RA is never set, AD never set; the query's DO bit is copied into our OPT
 *       (RFC 3225 §3).
 *   <li>DNSSEC (docs/dnssec.md): for a zone with {@code $DNSSEC}, a query with DO set gets an RRSIG after every
 *       authoritative RRset of the answer, authority and additional sections, static and balanced alike
 *       (balanced ones, SVCB/HTTPS target addresses included, signed once per answer set and kept), a DS or an
 *       NSEC proof of no DS at referrals, and compact denial (RFC 9824) for missing names and types. An RRset
 *       goes with its RRSIGs or not at all: an answer that does not fit is truncated (TC), an additional RRset
 *       is left out. Glue is not signed; without DO, or in an unsigned zone, no DNSSEC records are added.
 *   <li>ANY (RFC 8482): one RRset, the one with the lowest type number at the name (NS, MX, SRV with their
 *       in-zone target addresses in additional); a balanced name without
 *       static records answers {@code HINFO "RFC8482" ""}; over UDP and TCP alike.
 *   <li>AXFR and IXFR are REFUSED over UDP and TCP: no zone transfer.
 *   <li>EDNS (RFC 6891): OPT in the reply only when the query had one; payload 1232 advertised by default; a
 *       client payload below 512 counts as 512; versions above 0 get BADVERS; unknown options are ignored.
 *       Over UDP a reply is at most min(client payload, advertised payload) bytes, or 512 without EDNS; what
 *       does not fit is dropped as whole RRsets from the end with TC set (missing referral glue sets TC too,
 *       RFC 9471; other missing additional data does not, RFC 2181 §9). TCP replies go up to 65535 bytes.
 *   <li>ECS (RFC 7871): balanced names are resolved for the ECS address when its source prefix is above 0,
 *       otherwise for the peer address (prefix 32 or 128); the reply echoes the option with the resolver's scope
 *       (never above the source prefix) for balanced answers and scope 0 for everything else.
 *   <li>TCP (RFC 7766): length-prefixed messages, pipelined queries answered in order, idle connections closed, a
 *       zero-length message closes the connection; a message must arrive whole within the frame timeout, one
 *       client network holds a bounded share of the connections, and at the limit the longest-idle connection
 *       makes room for a new one ({@link io.aya.gslb.dns.TcpConnections}).
 * </ul>
 */
package io.aya.gslb.dns;
