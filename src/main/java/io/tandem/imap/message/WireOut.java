package io.tandem.imap.message;

import io.tandem.imap.protocol.ImapWire;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Response bytes for ENVELOPE and BODYSTRUCTURE. Values taken from headers are raw bytes held in
 * Latin-1 strings (one char a byte) and go out as those bytes, through {@link ImapWire}: RFC 3501
 * sends header text undecoded, 8-bit bytes included (as literals).
 */
final class WireOut {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  /** ASCII syntax: parentheses, spaces, atoms, NIL. */
  WireOut raw(String ascii) {
    out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  /** A string, or NIL for null; {@code latin1} holds the bytes to send. */
  WireOut nstring(String latin1) {
    ImapWire.nstring(out, latin1 == null ? null : latin1.getBytes(StandardCharsets.ISO_8859_1));
    return this;
  }

  WireOut number(long value) {
    return raw(Long.toString(value));
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
