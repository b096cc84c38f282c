package io.aya.gslb.dns;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Section;

/**
 * DNAME redirection of a name below the DNAME's owner (RFC 6672 §3.2 step 3C): the DNAME goes into the answer,
 * then a CNAME from the name to the name with the owner suffix replaced by the DNAME target, with the DNAME's TTL
 * (§3.1). Stateless.
 */
final class DnameSynthesis {
  private DnameSynthesis() {}

  /**
   * Adds the DNAME (once per message) and the synthesized CNAME to the answer section.
   *
   * @param dname the DNAME at a proper ancestor of {@code name}
   * @return the CNAME target, or null when it would be longer than 255 octets (then only the DNAME was added
   *     and the answer is YXDOMAIN)
   */
  static Name redirect(DNAMERecord dname, Name name, Message msg) {
    if (!msg.findRecord(dname, Section.ANSWER)) {
      msg.addRecord(dname, Section.ANSWER);
    }
    Name target;
    try {
      target = name.fromDNAME(dname);
    } catch (NameTooLongException e) {
      return null;
    }
    msg.addRecord(new CNAMERecord(name, DClass.IN, dname.getTTL(), target), Section.ANSWER);
    return target;
  }
}
