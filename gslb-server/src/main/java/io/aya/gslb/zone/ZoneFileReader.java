package io.aya.gslb.zone;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/**
 * Reads one zone file and its {@code $INCLUDE}s into declarations, tracking {@code $ORIGIN}, {@code $TTL}
 * and the previous owner as RFC 1035 §5.1 and dnsjava's {@link Master} do. GSLB constructs are parsed here;
 * every static record (and {@code $GENERATE}) is parsed by dnsjava from its original text, one logical
 * entry at a time, so each record keeps its exact file and line and one bad record does not hide the
 * errors after it. Single use, not thread-safe.
 */
final class ZoneFileReader {
  /** A static record and where it was written. */
  record StaticRecord(Record record, Where where) {}

  private static final int MAX_INCLUDE_DEPTH = 16;

  final List<ZoneError> errors = new ArrayList<>();
  /** Where each static record goes as soon as it is read (the reader keeps none). */
  private Consumer<StaticRecord> records;
  final List<RegionDirectives.RegionDecl> regions = new ArrayList<>();
  final List<RegionDirectives.CheckDecl> checks = new ArrayList<>();
  final List<RegionDirectives.LoadDecl> loads = new ArrayList<>();
  final List<GslbRecords.GslbDecl> pools = new ArrayList<>();
  final List<GslbRecords.PolicyDecl> policies = new ArrayList<>();
  final List<ForwardDirectives.ForwardDecl> forwards = new ArrayList<>();
  /** Names with a GSLB record that failed to parse: no follow-on errors about their pools. */
  final Set<Name> brokenBalancedNames = new HashSet<>();
  /** Regions and checks whose declaration has an error (reported there once, not again where they are used). */
  final Set<String> brokenRegions = new HashSet<>();
  final Set<String> brokenChecks = new HashSet<>();
  /** What loads but is probably not what the author meant ({@code file:line: warning: ...}). */
  final List<ZoneError> warnings = new ArrayList<>();
  final TransferDirectives transfer = new TransferDirectives();
  /** {@code $DNSSEC}: how the zone is signed, or null when it is not. */
  DnssecSettings dnssec;
  private Where dnssecWhere;
  private final MessageDigest digest;
  private final Deque<Path> including = new ArrayDeque<>();
  /** Every file read, as displayed, in reading order (to sort errors by file). */
  final List<String> files = new ArrayList<>();
  Name zoneOrigin;
  /** Line of the top-level file that set the origin ({@code $ORIGIN}), or 1 when the file name did. */
  int originLine = 1;

  /** Per-file parser state; {@code $INCLUDE} starts a fresh one and never changes the includer's. */
  private static final class State {
    final Path path;
    final String display;
    Name origin;
    long defaultTtl;
    Name lastOwner;
    boolean lastOwnerGslb;
    /** The previous owner could not be parsed: entries that inherit it are skipped, not reported again. */
    boolean lastOwnerUnknown;
    long lastTtl = -1;
    /** The last owner field parsed and its name (consecutive records of one owner share one {@link Name}). */
    private String ownerText;
    private Name ownerOrigin;
    private Name ownerName;

    State(Path path, String display, Name origin, long defaultTtl) {
      this.path = path;
      this.display = display;
      this.origin = origin;
      this.defaultTtl = defaultTtl;
    }

    Name owner(String text) throws ZoneSyntaxException {
      if (origin != ownerOrigin || !text.equals(ownerText)) {
        ownerName = name(text, origin);
        ownerText = text;
        ownerOrigin = origin;
      }
      return ownerName;
    }
  }

  ZoneFileReader() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** SHA-256 over every byte read (the file and its includes): equal digests mean equal zones. */
  byte[] digest() {
    return digest.digest();
  }

  /**
   * Reads the top-level file, handing every static record to {@code records} in file order as soon as it is read
   * (the reader keeps none); afterwards {@link #zoneOrigin} is set unless an error prevented it. The origin is set
   * before the first record is handed on.
   */
  void read(Path file, Consumer<StaticRecord> records) {
    this.records = records;
    String display = file.toString();
    try (InputStream in = open(file, display, null)) {
      if (in == null) {
        return;
      }
      ZoneLexer lexer = new ZoneLexer(display, in, errors);
      // the entries before the first record, which may set the origin; then the rest, one at a time
      List<ZoneLexer.Entry> head = new ArrayList<>();
      for (ZoneLexer.Entry e; (e = lexer.next()) != null; ) {
        head.add(e);
        if (!settingsOnly(e)) {
          break;
        }
      }
      zoneOrigin = originOf(file, display, head);
      if (zoneOrigin == null) {
        while (lexer.next() != null) {
          // the rest is only lexed, for its syntax errors
        }
        return;
      }
      including.push(absolute(file));
      try {
        State s = new State(file, display, zoneOrigin, -1);
        for (ZoneLexer.Entry e : head) {
          process(s, e);
        }
        head = null;
        process(s, lexer);
      } finally {
        including.pop();
      }
    } catch (IOException e) {
      errors.add(new ZoneError(display, 0, "cannot read the file (" + ioReason(e) + ")"));
    }
  }

  /**
   * The file, its bytes added to the digest as they are read (after its name), or null when it cannot be
   * opened. Bytes are read as ISO-8859-1 (one char per byte), so TXT data reaches dnsjava byte for byte.
   */
  private InputStream open(Path file, String display, Where includedFrom) {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      String why = "cannot read " + (includedFrom == null ? "the file" : display) + " (" + ioReason(e) + ")";
      errors.add(includedFrom == null ? new ZoneError(display, 0, why) : includedFrom.error(why));
      return null;
    }
    files.add(display);
    digest.update(display.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    return new DigestInputStream(in, digest);
  }

  static String ioReason(IOException e) {
    String type = e.getClass().getSimpleName();
    if (type.equals("NoSuchFileException")) {
      return "no such file";
    }
    if (type.equals("AccessDeniedException")) {
      return "access denied";
    }
    return e.getMessage() == null ? type : type + ": " + e.getMessage();
  }

  /** A directive that may come before the {@code $ORIGIN} that sets the zone origin. */
  private static boolean settingsOnly(ZoneLexer.Entry e) {
    String word = e.isDirective() ? e.tokens().get(0).toUpperCase(Locale.ROOT) : "";
    return word.equals("$TTL") || word.equals("$REGION") || word.equals("$CHECK") || word.equals("$LOAD")
        || word.equals("$TRANSFER") || word.equals("$NOTIFY") || word.equals("$SERIAL") || word.equals("$DNSSEC");
  }

  /** The file sets the origin when {@code $ORIGIN} comes before any record; else the file name does. */
  private Name originOf(Path file, String display, List<ZoneLexer.Entry> entries) {
    for (ZoneLexer.Entry e : entries) {
      String word = e.isDirective() ? e.tokens().get(0).toUpperCase(Locale.ROOT) : "";
      if (settingsOnly(e)) {
        continue;
      }
      if (word.equals("$ORIGIN") && e.tokens().size() >= 2) {
        String name = e.tokens().get(1);
        if (!name.endsWith(".")) {
          errors.add(new ZoneError(display, e.line(),
              "$ORIGIN " + name + " sets the zone origin and must be absolute (end with '.')"));
          return null;
        }
        try {
          originLine = e.line();
          Name origin = Name.fromString(name);
          warnIfNotTheFileName(file, display, e.line(), origin);
          return origin;
        } catch (TextParseException ex) {
          errors.add(new ZoneError(display, e.line(), "$ORIGIN " + name + ": " + ex.getMessage()));
          return null;
        }
      }
      break;
    }
    String base = file.getFileName() == null ? "" : file.getFileName().toString();
    if (base.endsWith(".zone")) {
      base = base.substring(0, base.length() - ".zone".length());
    }
    try {
      if (!base.isEmpty()) {
        return Name.fromString(base, Name.root);
      }
    } catch (TextParseException ex) {
      // reported below
    }
    errors.add(new ZoneError(display, 1,
        "cannot take the zone origin from the file name " + base + " (start the file with $ORIGIN)"));
    return null;
  }

  /** A file {@code example.com.zone} that says {@code $ORIGIN example.org.} is most likely a copy not yet edited. */
  private void warnIfNotTheFileName(Path file, String display, int line, Name origin) {
    String base = file.getFileName() == null ? "" : file.getFileName().toString();
    if (!base.endsWith(".zone")) {
      return;
    }
    base = base.substring(0, base.length() - ".zone".length());
    try {
      Name fromName = Name.fromString(base, Name.root);
      if (!fromName.equals(origin)) {
        warnings.add(new ZoneError(display, line, "warning: $ORIGIN " + origin + " differs from the file name "
            + file.getFileName() + " (which says " + fromName + "); the zone served is " + origin));
      }
    } catch (TextParseException ex) {
      // a file name that is no domain name says nothing to compare with
    }
  }

  private void process(State s, ZoneLexer lexer) throws IOException {
    for (ZoneLexer.Entry e; (e = lexer.next()) != null; ) {
      process(s, e);
    }
  }

  private void process(State s, ZoneLexer.Entry e) {
    Where where = new Where(s.display, e.line());
    try {
      if (e.isDirective()) {
        directive(s, e, where);
      } else {
        record(s, e, where);
      }
    } catch (ZoneSyntaxException ex) {
      errors.add(where.error(ex.getMessage()));
    }
  }

  private void directive(State s, ZoneLexer.Entry e, Where where) throws ZoneSyntaxException {
    List<String> t = e.tokens();
    String word = t.get(0).toUpperCase(Locale.ROOT);
    List<String> args = t.subList(1, t.size());
    switch (word) {
      case "$ORIGIN":
        s.origin = name(one(word, args, "$ORIGIN name"), s.origin);
        break;
      case "$TTL":
        s.defaultTtl = Values.ttl("$TTL", one(word, args, "$TTL 300"));
        break;
      case "$INCLUDE":
        include(s, args, where);
        break;
      case "$GENERATE":
        dnsjava(s, e, e.text(), true);
        break;
      case "$REGION":
        try {
          regions.add(RegionDirectives.region(args, where));
        } catch (ZoneSyntaxException ex) {
          brokenRegions.add(args.isEmpty() ? "" : args.get(0));
          throw ex;
        }
        break;
      case "$CHECK":
        try {
          checks.add(RegionDirectives.check(args, where));
        } catch (ZoneSyntaxException ex) {
          brokenChecks.add(args.isEmpty() ? "" : args.get(0));
          throw ex;
        }
        break;
      case "$LOAD":
        loads.add(RegionDirectives.load(args, where));
        break;
      case "$POLICY":
        if (args.isEmpty()) {
          throw new ZoneSyntaxException("$POLICY needs a name and words ($POLICY name word...)");
        }
        policies.add(GslbRecords.policy(name(args.get(0), s.origin), args.subList(1, args.size()), where));
        break;
      case "$TRANSFER":
        transfer.transfer(args, where);
        break;
      case "$NOTIFY":
        transfer.notify(args, where);
        break;
      case "$SERIAL":
        transfer.serial(args, where);
        break;
      case "$DNSSEC":
        if (dnssecWhere != null) {
          throw new ZoneSyntaxException("duplicate $DNSSEC (first at " + dnssecWhere + ")");
        }
        dnssec = DnssecDirective.parse(args, s.path);
        dnssecWhere = where;
        break;
      case "$FORWARD":
        if (args.isEmpty()) {
          throw new ZoneSyntaxException("$FORWARD needs a name, ports and lb= (" + ForwardDirectives.USAGE + ")");
        }
        forwards.add(ForwardDirectives.forward(name(args.get(0), s.origin), args.subList(1, args.size()), where));
        break;
      default:
        throw new ZoneSyntaxException("unknown directive " + t.get(0)
            + " (expected: $ORIGIN, $TTL, $INCLUDE, $GENERATE, $REGION, $CHECK, $POLICY, $FORWARD, $LOAD, $TRANSFER,"
            + " $NOTIFY, $SERIAL, $DNSSEC)");
    }
  }

  private static String one(String word, List<String> args, String usage) throws ZoneSyntaxException {
    if (args.size() != 1) {
      throw new ZoneSyntaxException(word + " takes one value (" + usage + ")");
    }
    return args.get(0);
  }

  private static Name name(String text, Name origin) throws ZoneSyntaxException {
    if (text.equals("@")) {
      return origin;
    }
    try {
      return Name.fromString(text, origin);
    } catch (TextParseException e) {
      throw new ZoneSyntaxException(e.getMessage());
    }
  }

  /** {@code $INCLUDE file [origin]}: relative to the including file's directory (RFC 1035 §5.1). */
  private void include(State s, List<String> args, Where where) throws ZoneSyntaxException {
    if (args.isEmpty() || args.size() > 2) {
      throw new ZoneSyntaxException("$INCLUDE takes a file name and an optional origin ($INCLUDE file [origin])");
    }
    Name origin = args.size() == 2 ? name(args.get(1), s.origin) : s.origin;
    Path path = s.path.resolveSibling(args.get(0));
    String display = Path.of(s.display).resolveSibling(args.get(0)).toString();
    Path key = absolute(path);
    if (including.contains(key)) {
      throw new ZoneSyntaxException("$INCLUDE " + args.get(0) + " is already being read (include cycle)");
    }
    if (including.size() >= MAX_INCLUDE_DEPTH) {
      throw new ZoneSyntaxException("$INCLUDE nested deeper than " + MAX_INCLUDE_DEPTH + " files");
    }
    try (InputStream in = open(path, display, where)) {
      if (in == null) {
        return;
      }
      including.push(key);
      try {
        process(new State(path, display, origin, s.defaultTtl), new ZoneLexer(display, in, errors));
      } finally {
        including.pop();
      }
    } catch (IOException e) {
      throw new ZoneSyntaxException("cannot read " + display + " (" + ioReason(e) + ")");
    }
  }

  private static Path absolute(Path p) {
    Path a = p.toAbsolutePath().normalize();
    try {
      return a.toRealPath();
    } catch (IOException e) {
      return a;
    }
  }

  private void record(State s, ZoneLexer.Entry e, Where where) throws ZoneSyntaxException {
    List<String> t = e.tokens();
    int i = e.blankOwner() ? 0 : 1;
    long ttl = -1;
    int dclass = -1;
    for (int k = 0; k < 2 && i < t.size(); k++) {
      String f = t.get(i);
      if (ttl < 0 && Values.isTtl(f)) {
        ttl = Values.ttl("ttl", f);
      } else if (dclass < 0 && DClass.value(f) >= 0) {
        dclass = DClass.value(f);
      } else {
        break;
      }
      i++;
    }
    boolean gslb = i < t.size() && t.get(i).equalsIgnoreCase("GSLB");
    Name owner;
    if (e.blankOwner()) {
      if (s.lastOwnerUnknown) {
        return;
      }
      if (s.lastOwner == null) {
        throw new ZoneSyntaxException("record has no owner name and there is no previous record to take it from");
      }
      if (s.lastOwnerGslb && !gslb) {
        throw new ZoneSyntaxException("record without an owner name follows a GSLB record of " + s.lastOwner
            + " (a GSLB name cannot have static records)");
      }
      owner = s.lastOwner;
    } else {
      try {
        owner = s.owner(t.get(0));
        s.lastOwnerUnknown = false;
      } catch (ZoneSyntaxException ex) {
        s.lastOwnerUnknown = true;
        if (gslb) {
          throw ex;
        }
        owner = null;
      }
    }
    if (!gslb) {
      if (owner != null && fromTokens(s, e, i, owner, ttl, dclass, where)) {
        return;
      }
      if (!dnsjava(s, e, e.blankOwner() ? owner + e.text() : e.text(), false) && owner != null) {
        // keep following the owner this record names, so the lines after it get the right one
        s.lastOwner = owner;
        s.lastOwnerGslb = false;
      }
      return;
    }
    s.lastOwner = owner;
    s.lastOwnerGslb = true;
    if (dclass >= 0 && dclass != DClass.IN) {
      brokenBalancedNames.add(owner);
      throw new ZoneSyntaxException("class " + DClass.string(dclass) + " (expected: IN)");
    }
    try {
      pools.add(GslbRecords.gslb(owner, ttl, t.subList(i + 1, t.size()), where));
    } catch (ZoneSyntaxException ex) {
      brokenBalancedNames.add(owner);
      throw ex;
    }
  }

  /**
   * The fast path of the most common records in large zones ({@link TokenRecords}): true when the record was built
   * from its tokens; false leaves it to {@link #dnsjava} (anything unusual, errors included, so the messages stay
   * the same).
   */
  private boolean fromTokens(State s, ZoneLexer.Entry e, int i, Name owner, long ttl, int dclass, Where where) {
    long effectiveTtl = ttl >= 0 ? ttl : s.defaultTtl >= 0 ? s.defaultTtl : s.lastTtl;
    Record r = TokenRecords.parse(e.tokens(), i, owner, effectiveTtl, dclass, s.origin, e.text());
    if (r == null) {
      return false;
    }
    records.accept(new StaticRecord(r, where));
    s.lastOwner = owner;
    s.lastOwnerGslb = false;
    s.lastTtl = effectiveTtl;
    return true;
  }

  /** Parses one static record or one {@code $GENERATE} with dnsjava and adds its records; false on error. */
  private boolean dnsjava(State s, ZoneLexer.Entry e, String text, boolean generate) {
    long ttl = s.defaultTtl >= 0 ? s.defaultTtl : s.lastTtl;
    Where where = new Where(s.display, e.line());
    List<Record> parsed = DnsjavaRecords.parse(text, s.origin, ttl, where, errors);
    if (parsed == null) {
      return false;
    }
    for (Record r : parsed) {
      if (r.getDClass() != DClass.IN) {
        errors.add(where.error("class " + DClass.string(r.getDClass()) + " (expected: IN)"));
        return false;
      }
    }
    for (Record r : parsed) {
      records.accept(new StaticRecord(r, where));
    }
    if (!generate && !parsed.isEmpty()) {
      Record r = parsed.get(parsed.size() - 1);
      s.lastOwner = r.getName();
      s.lastOwnerGslb = false;
      s.lastTtl = r.getTTL();
    }
    return true;
  }
}
