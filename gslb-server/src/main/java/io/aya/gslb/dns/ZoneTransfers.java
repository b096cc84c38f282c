package io.aya.gslb.dns;

import io.netty.buffer.ByteBuf;
import io.netty.handler.stream.ChunkedInput;
import java.net.InetAddress;

/**
 * Answers zone transfer queries (AXFR, RFC 5936; IXFR, RFC 1995) for the {@link DnsServer}. Called on an event
 * loop: must not block. Thread-safe.
 */
public interface ZoneTransfers {
  /**
   * The reply to an AXFR or IXFR query received over TCP, as a stream of length-prefixed messages that the
   * connection writes as fast as the peer reads (never built whole).
   *
   * @param query the query message as received, without the length prefix
   */
  ChunkedInput<ByteBuf> overTcp(byte[] query, InetAddress peer);

  /**
   * The reply to an IXFR query received over UDP, at most {@code maxSize} bytes (RFC 1995 §2: the SOA alone
   * when the changes do not fit).
   */
  byte[] overUdp(byte[] query, InetAddress peer, int maxSize);

  /**
   * The reply to any other query that carries a TSIG (RFC 8945), signed: secondaries sign their SOA queries.
   * At most {@code maxSize} bytes.
   */
  byte[] signedQuery(byte[] query, InetAddress peer, int maxSize);
}
