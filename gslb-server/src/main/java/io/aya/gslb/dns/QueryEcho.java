package io.aya.gslb.dns;

/**
 * What a reply copies from its query (RFC 1035 §4.1.1, RFC 6891 §6.1.1, RFC 7871 §7.2): the ID, the RD and CD
 * bits, the question name in the client's letter case, whether to add our OPT record, its DO bit and the
 * client-subnet option to echo. {@link ResponseWriter} reads nothing else of a query.
 */
interface QueryEcho {
  int id();

  boolean rd();

  boolean cd();

  /** The question name in uncompressed wire form with the client's letter case: {@link #nameLength()} bytes. */
  byte[] name();

  int nameLength();

  /** True when the query carried an OPT record, so the reply carries ours. */
  boolean hasOpt();

  /** The DO bit of the query's OPT (RFC 3225 §3: copied into the reply). */
  boolean dnssecOk();

  /** The client-subnet option's payload as sent (family, prefixes, address): {@link #ecsLength()} bytes. */
  byte[] ecsOption();

  /** Length of {@link #ecsOption()}; 0 when the query carried no client-subnet option to echo. */
  int ecsLength();

  /**
   * The scope prefix to write into the echoed option for an answer the locator said holds for {@code scope}
   * bits of the client's address (0: the same for every client).
   */
  int echoedScope(int scope);
}
