package io.tandem.imap.message;

import java.util.ArrayList;
import java.util.List;

/**
 * ENVELOPE (RFC 3501 §7.4.2) of a header: date, subject, from, sender, reply-to, to, cc, bcc,
 * in-reply-to, message-id. As Dovecot: string fields are the last such field's value unfolded
 * and undecoded; an address field that occurs more than once gives all its addresses; sender
 * and reply-to are from's when absent or empty (RFC 3501 requires it).
 */
final class EnvelopeWriter {
  private EnvelopeWriter() {}

  static byte[] envelope(HeaderBlock header) {
    WireOut out = new WireOut();
    write(out, header);
    return out.bytes();
  }

  static void write(WireOut out, HeaderBlock header) {
    List<Address> from = addresses(header, "From");
    List<Address> sender = addresses(header, "Sender");
    List<Address> replyTo = addresses(header, "Reply-To");
    out.raw("(").nstring(header.lastValue("Date"));
    out.raw(" ").nstring(header.lastValue("Subject"));
    writeAddresses(out, from);
    writeAddresses(out, sender.isEmpty() ? from : sender);
    writeAddresses(out, replyTo.isEmpty() ? from : replyTo);
    writeAddresses(out, addresses(header, "To"));
    writeAddresses(out, addresses(header, "Cc"));
    writeAddresses(out, addresses(header, "Bcc"));
    out.raw(" ").nstring(header.lastValue("In-Reply-To"));
    out.raw(" ").nstring(header.lastValue("Message-ID"));
    out.raw(")");
  }

  private static List<Address> addresses(HeaderBlock header, String name) {
    List<Address> addresses = new ArrayList<>();
    for (int i = 0; i < header.count(); i++) {
      if (header.nameIs(i, name)) {
        addresses.addAll(AddressParser.parse(header.value(i)));
      }
    }
    return addresses;
  }

  private static void writeAddresses(WireOut out, List<Address> addresses) {
    out.raw(" ");
    if (addresses.isEmpty()) {
      out.raw("NIL");
      return;
    }
    out.raw("(");
    for (Address address : addresses) {
      out.raw("(").nstring(address.name()).raw(" NIL ").nstring(address.mailbox()).raw(" ")
          .nstring(address.host()).raw(")");
    }
    out.raw(")");
  }
}
