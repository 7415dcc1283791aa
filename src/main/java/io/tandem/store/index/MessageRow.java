package io.tandem.store.index;

import java.util.List;

/**
 * One message as the index holds it. {@code file} is relative to the mailbox folder ({@code
 * new/BASE} or {@code cur/BASE:2,LETTERS}); {@code sha256} is lower-case hex of the stored bytes.
 */
public record MessageRow(
    long uid,
    long modseq,
    List<String> flags,
    long internalDateMillis,
    long size,
    String sha256,
    String file) {

  /** The maildir base name of the file. */
  public String base() {
    return io.tandem.store.maildir.MaildirName.baseOf(file.substring(4));
  }
}
