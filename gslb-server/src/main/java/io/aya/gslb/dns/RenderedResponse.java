package io.aya.gslb.dns;

import java.util.Objects;

/**
 * A complete response that does not depend on the client, rendered by dnsjava once per snapshot and question,
 * without OPT record: the sender patches ID, RD, CD and the question's letter case in and appends its own OPT
 * ({@link ResponseWriter#patched}).
 *
 * @param wire the response without OPT; must not be modified
 * @param glue glue records a referral needs in the additional section (RFC 9471: TC when they do not fit)
 */
record RenderedResponse(byte[] wire, int glue) implements CachedRoute {
  RenderedResponse {
    Objects.requireNonNull(wire, "wire");
  }

  @Override
  public int bytes() {
    return wire.length;
  }
}
