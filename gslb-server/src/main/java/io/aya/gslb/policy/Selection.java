package io.aya.gslb.policy;

import io.aya.gslb.geo.ClientLocation;
import io.aya.gslb.health.HealthView;
import io.aya.gslb.placement.PlacementPlan;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * The working state of one query while the chain runs: the candidate regions in their current order, member
 * health, the member order inside each pool, and the picked records. Mutable and confined to one thread;
 * the answer path reuses one instance per thread so that a query allocates almost nothing.
 */
final class Selection {
  CompiledName name;
  boolean v6;
  HealthView health;
  ClientLocation location;
  InetAddress client;
  int sourcePrefix;
  /** Forward addresses by region, for forwarded names ({@link ForwardAnswersStep}). */
  ForwardNodes forwardNodes = ForwardNodes.NONE;

  /** Candidate pool indices, best first after ranking; valid in {@code [0, count)}. */
  int[] order = new int[4];

  int count;
  /** Per member (flat, see {@link CompiledName#memberOffset}): the member may be answered. */
  boolean[] memberUp = new boolean[8];

  /** Per pool: up members of the queried family. */
  int[] familyUp = new int[4];

  /** Per member (flat): indices into the pool's members, in answer preference order. */
  int[] memberOrder = new int[8];

  /** Scratch sort keys, sized for the larger of pool count and pool size. */
  double[] keys = new double[8];

  Record[] picked = new Record[1];
  InetAddress[] pickedAddresses = new InetAddress[1];
  byte[][] pickedRdata = new byte[1][];
  int pickedCount;
  /** The pre-built one-record list of the first pick. */
  List<Record> firstSingleton;
  /** The pre-built one-entry RDATA list of the first pick. */
  List<byte[]> firstRdataSingleton;
  /** The answer when {@link #fallback} is set. */
  List<Record> fallbackRecords;
  List<byte[]> fallbackRdata;
  /**
   * Set by a step whose outcome depends on where the client is (geofence, geo ranking), and only when the
   * locator tells this client's block apart from others (its scope is non-zero).
   */
  boolean dependsOnLocation;

  /** Set by a step whose outcome depends on the client network's hash (capacity, weighted, answers spread). */
  boolean dependsOnNetwork;

  boolean fallback;

  /** The published placement plan (never null); set by the engine for each query. */
  PlacementPlan plan = PlacementPlan.EMPTY;

  /** The pool the placement plan gives the client, ranked first; -1 when none. */
  int plannedPool;

  /** A lower bound of the ECS scope set by a step (the planned network's extent), 0 when none. */
  int minScope;

  private boolean hashed;
  private long networkHash;
  private int hashPrefix;

  void reset(
      CompiledName n,
      boolean v6,
      HealthView health,
      ClientLocation location,
      InetAddress client,
      int sourcePrefix) {
    this.name = n;
    this.v6 = v6;
    this.health = health;
    this.location = location;
    this.client = client;
    this.sourcePrefix = sourcePrefix;
    int pools = n.pools.length;
    if (order.length < pools) {
      order = new int[pools];
      familyUp = new int[pools];
    }
    if (memberUp.length < n.totalMembers) {
      memberUp = new boolean[n.totalMembers];
      memberOrder = new int[n.totalMembers];
    }
    int keyLen = Math.max(pools, n.maxPoolSize);
    if (keys.length < keyLen) {
      keys = new double[keyLen];
    }
    if (picked.length < n.policy.answers()) {
      picked = new Record[n.policy.answers()];
      pickedAddresses = new InetAddress[n.policy.answers()];
      pickedRdata = new byte[n.policy.answers()][];
    }
    for (int p = 0; p < pools; p++) {
      order[p] = p;
      familyUp[p] = 0;
      int off = n.memberOffset[p];
      int size = n.pools[p].size();
      for (int m = 0; m < size; m++) {
        memberOrder[off + m] = m;
        memberUp[off + m] = false;
      }
    }
    this.count = pools;
    this.pickedCount = 0;
    this.dependsOnLocation = false;
    this.dependsOnNetwork = false;
    this.fallback = false;
    this.fallbackRecords = null;
    this.fallbackRdata = null;
    this.firstSingleton = null;
    this.firstRdataSingleton = null;
    this.hashed = false;
    this.plannedPool = -1;
    this.minScope = 0;
  }

  /** Drops references to per-query objects so a reused instance does not keep them alive. */
  void clear() {
    for (int i = 0; i < pickedCount; i++) {
      picked[i] = null;
      pickedAddresses[i] = null;
      pickedRdata[i] = null;
    }
    firstSingleton = null;
    firstRdataSingleton = null;
    fallbackRecords = null;
    fallbackRdata = null;
    name = null;
    health = null;
    location = null;
    client = null;
    plan = PlacementPlan.EMPTY;
  }

  /** The answer's records; allocates at most one list (none for a single address or a fallback). */
  List<Record> records() {
    if (fallback) {
      return fallbackRecords;
    }
    switch (pickedCount) {
      case 0:
        return List.of();
      case 1:
        return firstSingleton;
      case 2:
        return List.of(picked[0], picked[1]);
      default:
        return List.of(Arrays.copyOf(picked, pickedCount));
    }
  }

  /** The RDATA of {@link #records()}, in the same order; allocates like it. */
  List<byte[]> rdata() {
    if (fallback) {
      return fallbackRdata;
    }
    switch (pickedCount) {
      case 0:
        return List.of();
      case 1:
        return firstRdataSingleton;
      case 2:
        return List.of(pickedRdata[0], pickedRdata[1]);
      default:
        return List.of(Arrays.copyOf(pickedRdata, pickedCount));
    }
  }

  /**
   * Records that the outcome depends on the client's location. A location with scope 0 is the same for every
   * address (the locator has no data telling any apart, or the source prefix is 0), so it does not count.
   */
  void locationDecided() {
    if (location.scopePrefix() > 0) {
      dependsOnLocation = true;
    }
  }

  /**
   * The client network's hash for one use: {@code seed} keeps the uses (capacity, weighted, answers)
   * independent of each other. The caller sets {@link #dependsOnNetwork} when the outcome uses it.
   */
  long networkHash(long seed) {
    return ClientHash.mix(networkHash() ^ seed);
  }

  /** The stable hash of the client's network (see {@link ClientHash}). */
  long networkHash() {
    if (!hashed) {
      hashPrefix = ClientHash.hashPrefix(client, sourcePrefix, location);
      networkHash = ClientHash.network(client, hashPrefix);
      hashed = true;
    }
    return networkHash;
  }

  /**
   * The ECS scope of the answer (RFC 7871 §7.2.1): the hashed network's prefix when a step used the client
   * network's hash, else the location's scope when a step used the location, else 0 (the answer is the same
   * for every client). Never longer than the source prefix.
   */
  int scopePrefix() {
    int floor = Math.max(0, Math.min(minScope, sourcePrefix));
    if (dependsOnNetwork) {
      networkHash();
      return Math.max(floor, hashPrefix);
    }
    if (dependsOnLocation) {
      return Math.max(floor, Math.max(0, Math.min(location.scopePrefix(), sourcePrefix)));
    }
    return floor;
  }
}
