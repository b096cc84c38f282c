package io.aya.gslb.dns;

/** What {@link WireQuery#decode} made of the bytes of a query, and so how it is answered, if at all. */
enum DecodeOutcome {
  /** A well-formed standard query: answer it. */
  OK,
  /** Not answered at all: shorter than a header, or a response (QR=1). */
  DROP,
  /** Malformed beyond the header (RFC 1035 §4.1.1): a bare header with FORMERR. */
  FORMERR,
  /** An opcode we do not implement in a query that does not read as a standard one: a bare header. */
  NOTIMP,
  /**
   * FORMERR for an EDNS option whose content is wrong (RFC 7871 §7.1.1) in an otherwise well-formed query: the
   * question and the OPT record were read, so the reply can carry both (RFC 6891 §7).
   */
  FORMERR_OPTION,
  /** NOTIMP for a well-formed query with an opcode we do not implement: the reply can carry question and OPT. */
  NOTIMP_PARSED
}
