package io.aya.gslb.dns;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The EDNS client-subnet option of one query (RFC 7871): read and checked from the wire, the address the
 * client disclosed, and the scope the reply echoes. Holds the one ECS scope rule of the server
 * ({@link #echoedScope}). Reused query after query by one thread, as part of its {@link WireQuery}; not
 * thread-safe.
 */
final class EcsOption {
  private static final int MAPPED_BITS = 96;

  private boolean present;
  private int family;
  private int sourcePrefix;
  /** The option's payload as sent (family, prefixes, address), {@link #length} bytes, for echoing back. */
  private final byte[] payload = new byte[4 + 16];
  private int length;
  /**
   * 96 when a family-2 option carries an IPv4-mapped address ({@code ::ffff:a.b.c.d/N}, N above 96): it is
   * located as the IPv4 address with prefix N - 96, and the scope written back is in the option's own bits.
   */
  private int mappedBits;

  void clear() {
    present = false;
    family = 0;
    sourcePrefix = 0;
    length = 0;
    mappedBits = 0;
  }

  /**
   * Reads an option's content. RFC 7871 §6 and §7.1.1: anything inconsistent (and a second ECS option) is
   * FORMERR, returned as false; the option's framing was already checked, so the rest of the message still
   * reads.
   */
  boolean read(ByteBuf buf, int at, int optionLength) {
    if (present || optionLength < 4) {
      return false;
    }
    int fam = buf.getUnsignedShort(at);
    int source = buf.getUnsignedByte(at + 2);
    int scope = buf.getUnsignedByte(at + 3);
    int maxBits;
    if (fam == 1) {
      maxBits = 32;
    } else if (fam == 2) {
      maxBits = 128;
    } else {
      return false;
    }
    if (source > maxBits || scope != 0) {
      return false;
    }
    int addressLength = (source + 7) >>> 3;
    if (optionLength - 4 != addressLength) {
      return false;
    }
    if ((source & 7) != 0) {
      int last = buf.getUnsignedByte(at + 4 + addressLength - 1);
      int mask = 0xFF >>> (source & 7);
      if ((last & mask) != 0) {
        return false;
      }
    }
    present = true;
    family = fam;
    sourcePrefix = source;
    length = optionLength;
    buf.getBytes(at, payload, 0, optionLength);
    if (fam == 2 && source > MAPPED_BITS && isIpv4Mapped(payload, 4)) {
      mappedBits = MAPPED_BITS;
    }
    return true;
  }

  /** RFC 7871 §7.1.2: true when the option names a client network (source prefix above 0) to answer for. */
  boolean locates() {
    return present && sourcePrefix > 0;
  }

  /** The disclosed address, zero past the source prefix; only when {@link #locates()}. */
  InetAddress address() {
    byte[] full = new byte[family == 1 ? 4 : 16];
    System.arraycopy(payload, 4, full, 0, length - 4);
    try {
      return InetAddress.getByAddress(full);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of " + full.length + " bytes", e);
    }
  }

  /** The source prefix in the bits of {@link #address()} as located (IPv4 for an IPv4-mapped address). */
  int locatedPrefix() {
    return sourcePrefix - mappedBits;
  }

  /**
   * RFC 7871 §7.2.1, the one ECS scope rule of the server: 0 when the answer does not depend on the client,
   * else the locator's scope, never above the source prefix. {@code scope} is in the bits of the located
   * address; the result is in the option's own bits.
   */
  int echoedScope(int scope) {
    if (scope <= 0 || !present) {
      return 0;
    }
    return Math.min(scope + mappedBits, sourcePrefix);
  }

  /** The option's payload as sent; {@link #length()} bytes. */
  byte[] payload() {
    return payload;
  }

  /** Length of {@link #payload()}; 0 when the query carried no option (or it is left out of the reply). */
  int length() {
    return present ? length : 0;
  }

  /** {@code ::ffff:0:0/96} (RFC 4291 §2.5.5.2); the 16 address bytes start at {@code at}. */
  private static boolean isIpv4Mapped(byte[] b, int at) {
    for (int i = 0; i < 10; i++) {
      if (b[at + i] != 0) {
        return false;
      }
    }
    return b[at + 10] == (byte) 0xFF && b[at + 11] == (byte) 0xFF;
  }
}
