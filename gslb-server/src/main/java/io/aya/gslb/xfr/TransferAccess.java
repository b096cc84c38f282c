package io.aya.gslb.xfr;

import io.aya.gslb.zone.TransferSettings;
import java.net.InetAddress;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Whether a transfer request may be served: its TSIG first (RFC 8945 §5.2: an unknown key is BADKEY, a wrong
 * MAC BADSIG, a time outside the fudge BADTIME, each answered NOTAUTH), then the zone's {@code $TRANSFER}
 * rules on the source address and the key. Stateless.
 */
final class TransferAccess {
  private TransferAccess() {}

  /** What to do with a request. */
  sealed interface Verdict {}

  /** Serve it; sign the reply with {@code key} when the request was signed. */
  record Allowed(TSIG key, TSIGRecord requestTsig) implements Verdict {}

  /** The rules do not allow it: REFUSED. */
  record Refused() implements Verdict {}

  /**
   * The signature failed: NOTAUTH with {@code error} in the reply's TSIG; {@code key} signs the reply
   * (BADTIME) or is null (BADKEY, BADSIG: unsigned, RFC 8945 §5.3.2).
   */
  record BadTsig(int error, TSIG key, TSIGRecord requestTsig) implements Verdict {}

  static Verdict check(TransferSettings settings, InetAddress peer, Message query, byte[] wire, TsigKeyring keys) {
    Verdict v = verify(query, wire, keys);
    if (!(v instanceof Allowed ok)) {
      return v;
    }
    Name keyName = ok.requestTsig() == null ? null : ok.requestTsig().getName();
    for (TransferSettings.Rule r : settings.rules()) {
      if (r.allowsAddress(peer) && r.allowsKey(keyName)) {
        return ok;
      }
    }
    return new Refused();
  }

  /** The request's TSIG alone: {@link Allowed} (also when unsigned) or {@link BadTsig}. */
  static Verdict verify(Message query, byte[] wire, TsigKeyring keys) {
    TSIGRecord t = query.getTSIG();
    TSIG key = null;
    if (t != null) {
      TsigKeyring.Key k = keys.key(t.getName());
      if (k == null || !k.algorithm().equals(t.getAlgorithm())) {
        // RFC 8945 §5.2.1: a key name the server does not know with that algorithm
        return new BadTsig(Rcode.BADKEY, null, t);
      }
      key = k.tsig();
      int error = key.verify(query, wire, null);
      if (error == Rcode.BADTIME) {
        return new BadTsig(Rcode.BADTIME, key, t);
      }
      if (error != Rcode.NOERROR) {
        return new BadTsig(Rcode.BADSIG, null, t);
      }
    }
    return new Allowed(key, t);
  }
}
