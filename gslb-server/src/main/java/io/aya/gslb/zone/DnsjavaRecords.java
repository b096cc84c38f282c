package io.aya.gslb.zone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Parses the text of one master-file entry (a record, or a {@code $GENERATE}) with dnsjava's {@link Master},
 * and maps dnsjava's errors to the entry's file and line. Stateless.
 */
final class DnsjavaRecords {
  /** dnsjava's tokenizer prefixes its messages with {@code <none>:line: } when reading a stream. */
  private static final Pattern POSITION = Pattern.compile("(?s)<none>:(\\d+): (.*)");

  static {
    // the record types dnsjava lacks must be known before the first record is read
    RecordTypes.register();
  }

  private DnsjavaRecords() {}

  /**
   * The records of {@code text}, or null after adding the problem to {@code errors}.
   *
   * @param defaultTtl TTL of records without one, or -1 (then an SOA takes its minimum field)
   * @param where the file and first line of the entry
   */
  static List<Record> parse(String text, Name origin, long defaultTtl, Where where, List<ZoneError> errors) {
    List<Record> out = new ArrayList<>(1);
    try (Master m = new Master(new ByteArrayInputStream(escapeHighBytes(text)), origin, defaultTtl)) {
      m.disableIncludes(true);
      Record r;
      while ((r = m.nextRecord()) != null) {
        out.add(r);
      }
      return out;
    } catch (IOException | RuntimeException ex) {
      String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
      Matcher pos = POSITION.matcher(msg);
      errors.add(pos.matches()
          ? new ZoneError(where.file(), where.line() + Integer.parseInt(pos.group(1)) - 1, pos.group(2))
          : where.error(msg));
      return null;
    }
  }

  /**
   * The entry's bytes with every byte above 0x7f written as an RFC 1035 {@code \DDD} escape: dnsjava's
   * tokenizer turns bytes into chars one by one and later encodes strings as UTF-8, which would encode
   * UTF-8 text twice; escaped, every byte of the file reaches the record unchanged.
   */
  static byte[] escapeHighBytes(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0x7f) {
        if (sb == null) {
          sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        sb.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10)).append((char) ('0' + c % 10));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return (sb == null ? text : sb.toString()).getBytes(StandardCharsets.ISO_8859_1);
  }
}
