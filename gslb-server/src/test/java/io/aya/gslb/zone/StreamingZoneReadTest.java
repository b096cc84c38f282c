package io.aya.gslb.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Master;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The zone reader streams its files (line by line, record by record): it finds the same entries and errors as the
 * lexer that split the whole text first, reads the same records as dnsjava's own master-file reader, and the heap
 * estimate taken before parsing counts the files a zone includes.
 */
class StreamingZoneReadTest {
  @TempDir Path dir;

  private static final String[] TRICKY = {
    "",
    "\n\n",
    "@ IN A 192.0.2.1",
    "@ IN A 192.0.2.1\n",
    "a IN A 192.0.2.1\r\nb IN A 192.0.2.2\r\n",
    "a IN TXT \"one\rtwo\"\n",
    "a\rIN\rA 192.0.2.1\n",
    "@ IN SOA ns1 host ( 1 ; serial\n  7200 ; refresh\n 900 1209600\n 300 )\n  IN NS ns1 ; a comment (\n",
    "a IN TXT \"semi;colon\" \"paren(\" \"esc\\\"aped\" ; ( not open\n",
    "a IN TXT \"unterminated\nb IN A 192.0.2.1\n",
    "a IN A 192.0.2.1 )\nb IN A 192.0.2.2\n",
    "a IN TXT ( \"open\"\n\"never closed\"\n",
    "a IN TXT ( \"x\" ) ( \"y\"\n )\n",
    "\t IN A 192.0.2.9\n  ; only a comment\n\n",
    "a IN TXT back\\ slash\\\nnext\n",
    "$ORIGIN sub.example.com.\n$TTL 60\n$INCLUDE other.zone sub2\nwww CNAME @\n",
    "a IN TXT \"\u00e9t\u00e9\" caf\u00e9\n",
    "; comment only, no newline at the end",
  };

  @Test
  void theStreamingLexerFindsTheEntriesAndErrorsOfTheWholeTextLexer() throws Exception {
    for (String text : TRICKY) {
      assertSameLexing(text);
    }
    // and damaged versions of the sample zone, as ZoneFileFuzzTest makes them
    String base = Files.readString(Path.of("..", "zones", "example.com.zone"), StandardCharsets.UTF_8);
    String[] pieces = {" ", "\n", "\t", "(", ")", "\"", ";", "\\", "\r", "\r\n", "$INCLUDE", "GSLB", "\u00e9"};
    Random random = new Random(20261203L);
    for (int round = 0; round < 300; round++) {
      StringBuilder sb = new StringBuilder(base);
      for (int k = 1 + random.nextInt(5); k > 0; k--) {
        int at = random.nextInt(sb.length());
        int cut = Math.min(sb.length() - at, random.nextInt(8));
        sb.replace(at, at + cut, random.nextBoolean() ? pieces[random.nextInt(pieces.length)] : "");
      }
      assertSameLexing(sb.toString());
    }
  }

  @Test
  void linesLongerThanTheReadBufferOrAcrossItsEdgeLexAsAWhole() {
    StringBuilder sb = new StringBuilder("$ORIGIN example.com.\n");
    while (sb.length() < 65_530) {
      sb.append("a").append(sb.length()).append(" IN A 192.0.2.1\n");
    }
    sb.append("edge IN TXT ( \"").append("x".repeat(100)).append("\"\n \"y\" )\n");
    sb.append("long IN TXT");
    for (int i = 0; i < 600; i++) {
      sb.append(" \"").append("z".repeat(200)).append('"');
    }
    sb.append("\nlast IN A 192.0.2.2");
    List<ZoneLexer.Entry> entries = assertSameLexing(sb.toString());
    assertThat(entries.get(entries.size() - 2).tokens()).hasSize(603);
    assertThat(entries.get(entries.size() - 1).tokens()).containsExactly("last", "IN", "A", "192.0.2.2");
  }

  @Test
  void aZoneWithIncludesOriginsParenthesesAndCommentsHasTheRecordsDnsjavaReads() throws Exception {
    Files.writeString(dir.resolve("hosts.inc"), String.join("\n",
        "; included with its own origin",
        "www 600 IN A 192.0.2.10",
        "    IN AAAA 2001:db8::10",
        "ftp IN CNAME www",
        "$ORIGIN deeper.example.com.",
        "x IN A 192.0.2.11",
        "$INCLUDE nested.inc",
        ""));
    Files.writeString(dir.resolve("nested.inc"), "n1 IN TXT \"nested ; not a comment\" ( \"two\"\n  \"three\" )\n");
    Files.writeString(dir.resolve("example.com.zone"), String.join("\r\n",
        "$ORIGIN example.com.",
        "$TTL 3600",
        "@ IN SOA ns1 hostmaster ( 2026120301 ; serial",
        "      7200 900   ; refresh, retry",
        "      1209600 300 )",
        "  IN NS ns1",
        "  IN NS ns2.example.net.",
        "  IN MX 10 mail",
        "ns1 IN A 192.0.2.1",
        "mail 300 IN A 192.0.2.2 ; a comment",
        "h1 IN A 192.0.2.3",
        "h2 IN A 192.0.2.4",
        "h1 IN TXT \"h1 again, after h2\"",
        "_sip._tcp IN SRV 10 60 5060 sip",
        "sip IN A 192.0.2.5",
        "@ IN CAA 0 issue \"ca.example.net\"",
        "$INCLUDE hosts.inc sub.example.com.",
        "after IN A 192.0.2.6",
        "$ORIGIN other.example.com.",
        "rel IN A 192.0.2.7",
        "@ IN TXT ( \"split\"",
        "  \"over\" ; comment inside",
        "  \"lines\" )",
        "*.wild.example.com. IN A 192.0.2.8",
        ""));
    Zone zone = ZoneFileParser.parse(dir.resolve("example.com.zone"));
    TreeSet<String> ours = new TreeSet<>();
    ours.add(zone.soa().toString());
    for (Iterator<Record> it = ZoneRecords.all(zone); it.hasNext(); ) {
      ours.add(it.next().toString());
    }
    TreeSet<String> dnsjava = new TreeSet<>();
    try (Master m = new Master(dir.resolve("example.com.zone").toString())) {
      for (Record r; (r = m.nextRecord()) != null; ) {
        dnsjava.add(r.toString());
      }
    }
    assertThat(ours).hasSize(21).isEqualTo(dnsjava);
    assertThat(zone.node(org.xbill.DNS.Name.fromString("n1.deeper.example.com.")).has(Type.TXT)).isTrue();
  }

  @Test
  void theHeapEstimateCountsTheFilesAZoneIncludesOnce() throws Exception {
    Files.writeString(dir.resolve("big.inc"), "x IN TXT \"" + "y".repeat(5000) + "\"\n$include loop.zone\n");
    Files.writeString(dir.resolve("small.inc"), "$INCLUDE \"big.inc\" ; again\n");
    Path zone = dir.resolve("loop.zone");
    Files.writeString(zone, "$ORIGIN loop.\n$INCLUDE big.inc sub\n$INCLUDE small.inc\n$INCLUDE missing.inc\n"
        + "$INCLUDEX not.this\n");
    long bytes = Files.size(zone) + Files.size(dir.resolve("big.inc")) + Files.size(dir.resolve("small.inc"));
    assertThat(HeapBudget.estimate(zone)).isEqualTo(HeapBudget.BYTES_PER_FILE_BYTE * bytes);
  }

  private static List<ZoneLexer.Entry> assertSameLexing(String text) {
    List<ZoneError> wholeErrors = new ArrayList<>();
    List<ZoneLexer.Entry> whole = WholeTextLexer.lex("f.zone", text, wholeErrors);
    List<ZoneError> streamErrors = new ArrayList<>();
    List<ZoneLexer.Entry> streamed = ZoneLexer.lex("f.zone", text, streamErrors);
    assertThat(streamed).as("entries of %s", text).isEqualTo(whole);
    assertThat(streamErrors).as("errors of %s", text).isEqualTo(wholeErrors);
    return streamed;
  }
}
