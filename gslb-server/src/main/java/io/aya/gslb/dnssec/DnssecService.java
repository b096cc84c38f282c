package io.aya.gslb.dnssec;

import io.aya.gslb.zone.DnssecSettings;
import io.aya.gslb.zone.Zone;
import io.aya.gslb.zone.ZoneError;
import io.aya.gslb.zone.ZoneParseException;
import io.aya.gslb.zone.ZonePreparer;
import io.aya.gslb.zone.ZoneRepository;
import io.aya.gslb.zone.ZoneSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CDNSKEYRecord;
import org.xbill.DNS.CDSRecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Signs the zones that say {@code $DNSSEC} (docs/dnssec.md): as the {@link ZonePreparer} of the zone repository
 * it loads (or, without {@code keys=}, generates into {@code <state-dir>/dnssec}) each zone's keys, publishes
 * DNSKEY, CDS and CDNSKEY at the apex and signs every static RRset ({@link SignedZone}). It prepares a new version
 * of a zone when its signatures have less than {@code refresh} left, when a key's timing says it is published,
 * activated, retired or deleted, or when the key files changed; {@link #start} checks that every {@code
 * interval} without a reload.
 *
 * <p>The answer path finds the signatures of the zone version it answers from with {@link #signed(Zone)}: one
 * volatile read and an identity lookup. Thread-safe: preparing is serialized by the repository.
 */
public final class DnssecService implements ZonePreparer, ZoneSignatures, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnssecService.class);
  /** Signatures start this much in the past, for validators whose clocks are behind (RFC 6781 §4.4.2.2). */
  static final Duration INCEPTION_SKEW = Duration.ofHours(1);

  private final Path stateDir;
  private final Clock clock;
  private final boolean clustered;
  /** The signatures of the served and the just-prepared zone versions, by zone identity. */
  private volatile Map<Zone, Versioned> signed = new IdentityHashMap<>();
  private ScheduledExecutorService timer;
  /** The set published before the current one; guarded by {@code this}. */
  private ZoneSet previous = ZoneSet.EMPTY;

  /** A signed version and what it was made from, to tell when it must be made again. */
  private record Versioned(SignedZone zone, List<SigningKey> keys, Instant nextKeyEvent) {}

  /**
   * @param stateDir where generated keys are kept ({@code <state-dir>/dnssec})
   * @param clustered this node is part of a cluster: then every signed zone must name its key files ({@code
   *     keys=}), since keys generated on one node would differ from another node's
   */
  public DnssecService(Path stateDir, Clock clock, boolean clustered) {
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.clustered = clustered;
  }

  /** Prepares the zones of {@code repo} from now on and re-checks them every {@code interval}. */
  public void start(ZoneRepository repo, Duration interval) {
    repo.preparer(this);
    repo.addListener(this::published);
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dnssec-resign");
      t.setDaemon(true);
      return t;
    });
    long ms = interval.toMillis();
    timer.scheduleWithFixedDelay(() -> {
      try {
        repo.republish();
      } catch (RuntimeException e) {
        log.error("re-signing zones failed", e);
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  @Override
  public SignedZone signed(Zone zone) {
    Versioned v = signed.get(zone);
    return v == null ? null : v.zone();
  }

  @Override
  public synchronized Zone prepare(Zone zone) throws ZoneParseException {
    DnssecSettings settings = zone.dnssec();
    if (settings == null) {
      return zone;
    }
    Instant now = clock.instant();
    List<SigningKey> keys;
    try {
      keys = keys(zone, settings, now);
    } catch (KeyException e) {
      throw new ZoneParseException(new ZoneError(source(zone), 0, "$DNSSEC: " + e.getMessage()));
    }
    Versioned current = signed.get(zone);
    if (current != null && current.keys().equals(keys)
        && now.isBefore(current.zone().expiration().minus(settings.refresh()))
        && (current.nextKeyEvent() == null || now.isBefore(current.nextKeyEvent()))) {
      return zone;
    }
    List<SigningKey> published = new ArrayList<>();
    List<SigningKey> active = new ArrayList<>();
    Instant nextEvent = null;
    for (SigningKey k : keys) {
      if (k.timing().published(now)) {
        published.add(k);
      }
      if (k.timing().active(now)) {
        active.add(k);
      }
      Instant e = k.timing().nextEvent(now);
      if (e != null && (nextEvent == null || e.isBefore(nextEvent))) {
        nextEvent = e;
      }
    }
    if (active.isEmpty()) {
      throw new ZoneParseException(new ZoneError(source(zone), 0, "$DNSSEC: no key of zone " + zone.origin()
          + " is active now (" + keys + "); check the Activate/Inactive times of its key files"));
    }
    Zone withKeys = zone.withKeyRecords(keyRecords(zone, published, settings.cds()));
    SignedZone sz;
    try {
      sz = new SignedZone(withKeys, active, now.minus(INCEPTION_SKEW), now.plus(settings.validity()));
    } catch (KeyException | IllegalStateException e) {
      throw new ZoneParseException(new ZoneError(source(zone), 0, "$DNSSEC: " + e.getMessage()));
    }
    Map<Zone, Versioned> next = new IdentityHashMap<>(signed);
    next.put(withKeys, new Versioned(sz, keys, nextEvent));
    signed = next;
    log.info("zone {} signed with {} (DNSKEY: {}), signatures valid until {}", zone.origin(), active, published,
        sz.expiration());
    return withKeys;
  }

  /**
   * Forgets the versions that are neither in {@code set} nor in the set before it (a query may still be
   * answered from the previous snapshot while this one is published).
   */
  private synchronized void published(ZoneSet set) {
    Map<Zone, Versioned> next = new IdentityHashMap<>();
    for (ZoneSet s : new ZoneSet[] {previous, set}) {
      for (Zone z : s.zones()) {
        Versioned v = signed.get(z);
        if (v != null) {
          next.put(z, v);
        }
      }
    }
    previous = set;
    signed = next;
  }

  /**
   * The DS records (SHA-256, RFC 4509) the parent should hold for {@code zone}: one per published key signing
   * key (or per published key, when the zone has no KSK). Empty when the zone is not served signed.
   */
  public List<DSRecord> ds(Zone zone) {
    SignedZone sz = signed(zone);
    if (sz == null) {
      return List.of();
    }
    List<DSRecord> out = new ArrayList<>();
    for (DNSKEYRecord k : parentKeys(sz.zone())) {
      out.add(new DSRecord(zone.origin(), DClass.IN, k.getTTL(), DSRecord.SHA256_DIGEST_ID, k));
    }
    return out;
  }

  /** The published DNSKEYs the parent points at: the SEP keys, or every key when none has the SEP flag. */
  public static List<DNSKEYRecord> parentKeys(Zone zone) {
    List<DNSKEYRecord> all = new ArrayList<>();
    List<DNSKEYRecord> sep = new ArrayList<>();
    org.xbill.DNS.RRset set = zone.rrset(zone.origin(), org.xbill.DNS.Type.DNSKEY);
    if (set != null) {
      for (Record r : set.rrs(false)) {
        DNSKEYRecord k = (DNSKEYRecord) r;
        all.add(k);
        if ((k.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0) {
          sep.add(k);
        }
      }
    }
    return sep.isEmpty() ? all : sep;
  }

  private List<Record> keyRecords(Zone zone, List<SigningKey> published, boolean cds) {
    List<Record> out = new ArrayList<>();
    long ttl = zone.soa().getTTL();
    boolean anySep = false;
    for (SigningKey k : published) {
      anySep |= k.ksk();
    }
    for (SigningKey k : published) {
      DNSKEYRecord d = k.dnskey();
      out.add(new DNSKEYRecord(zone.origin(), DClass.IN, ttl, d.getFlags(), d.getProtocol(), d.getAlgorithm(),
          d.getKey()));
      if (cds && (k.ksk() || !anySep)) {
        DNSKEYRecord owned = new DNSKEYRecord(zone.origin(), DClass.IN, ttl, d.getFlags(), d.getProtocol(),
            d.getAlgorithm(), d.getKey());
        out.add(new CDSRecord(zone.origin(), DClass.IN, ttl, DSRecord.SHA256_DIGEST_ID, owned));
        out.add(new CDNSKEYRecord(zone.origin(), DClass.IN, ttl, d.getFlags(), d.getProtocol(), d.getAlgorithm(),
            d.getKey()));
      }
    }
    return out;
  }

  /** The zone's keys: from {@code keys=}, else from the state directory, generating one when there is none. */
  private List<SigningKey> keys(Zone zone, DnssecSettings settings, Instant now) throws KeyException {
    if (settings.keys() != null) {
      if (!Files.isDirectory(settings.keys())) {
        throw new KeyException("keys: " + settings.keys() + " is not a directory");
      }
      List<SigningKey> keys = KeyFiles.read(settings.keys(), zone.origin());
      if (keys.isEmpty()) {
        throw new KeyException("no key files K" + zone.origin() + "+*.key/.private in " + settings.keys());
      }
      return keys;
    }
    if (clustered) {
      throw new KeyException("this node is part of a cluster, where every node must sign with the same keys:"
          + " give the zone keys=DIR with the same key files on every node (docs/dnssec.md)");
    }
    Path dir = stateDir.resolve("dnssec");
    if (Files.isDirectory(dir)) {
      List<SigningKey> keys = KeyFiles.read(dir, zone.origin());
      if (!keys.isEmpty()) {
        return keys;
      }
    }
    SigningKey k = KeyFiles.generate(dir, zone.origin(), settings.algorithm(), 3600, now);
    log.info("generated DNSSEC {} for zone {} into {}", k, zone.origin(), dir);
    return List.of(k);
  }

  private static String source(Zone zone) {
    return zone.source() == null ? zone.origin().toString() : zone.source().toString();
  }
}
