package io.aya.gslb.forward;

import io.aya.gslb.policy.ClientHash;
import java.net.InetAddress;

/**
 * {@code lb=source-hash}: weighted rendezvous hashing of the client address. Each candidate scores
 * {@code -weight / ln(u)} with {@code u} a uniform hash of (client address, member address and port); the
 * highest score wins. One client always reaches the same member while the candidates stay the same; a member
 * that leaves moves only the clients it had (each to its own second choice), and one that comes back takes
 * back exactly those. Stateless.
 */
final class SourceHashBalancer implements Balancer {
  private static final long SEED = 0x9E3779B97F4A7C15L;

  @Override
  public ForwardMember pick(ForwardMember[] candidates, int count, InetAddress client) {
    long c = ClientHash.network(client, 128);
    ForwardMember best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      ForwardMember m = candidates[i];
      double u = ClientHash.unit(ClientHash.mix(c ^ m.salt));
      double score = -Math.max(1, m.weight) / Math.log(u);
      if (score > bestScore) {
        bestScore = score;
        best = m;
      }
    }
    return best;
  }

  static long salt(java.net.InetSocketAddress member) {
    return ClientHash.mix(ClientHash.salt(member.getAddress(), SEED) ^ member.getPort());
  }
}
