package io.aya.gslb.dns;

/**
 * What a question renders to in one zone snapshot, as kept in the {@link ResponseCache}: either a complete
 * response that is the same for every client ({@link RenderedResponse}) or the pre-rendered parts of a response
 * whose balanced RRsets are resolved per query ({@link BalancedRoute}). Immutable.
 */
sealed interface CachedRoute permits RenderedResponse, BalancedRoute {
  /** Bytes this route holds, for the cache's memory budget. */
  int bytes();
}
