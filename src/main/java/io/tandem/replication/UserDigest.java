package io.tandem.replication;

import io.tandem.replication.PeerMessage.Digest;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.MessageRow;
import io.tandem.store.index.UserIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One user's mailboxes as digests ({@link MailboxDigest} of every message's UID, MODSEQ, flags
 * and hash, with UIDVALIDITY, HIGHESTMODSEQ and the count), read from one index transaction, so
 * they are the user's state after {@code appliedSeq}. Two appliances whose digests of a user at
 * the same applied seq are equal hold the same mail for that user.
 *
 * @param appliedSeq the index's applied seq; -1 when the user does not exist
 */
public record UserDigest(String user, long appliedSeq, List<Digest> mailboxes) {
  public UserDigest {
    Objects.requireNonNull(user, "user");
    mailboxes = List.copyOf(mailboxes);
  }

  /** Reads the digests of the index at {@code indexFile}. */
  public static UserDigest read(Path indexFile, String user) throws SQLException {
    if (!Files.exists(indexFile)) {
      return new UserDigest(user, -1, List.of());
    }
    try (UserIndex index = UserIndex.openReadOnly(indexFile, user)) {
      List<Digest> digests = new ArrayList<>();
      for (MailboxRow box : index.mailboxes()) {
        MailboxDigest digest = new MailboxDigest();
        for (MessageRow row : index.messages(box.id())) {
          digest.add(new DigestRecord(row.uid(), row.modseq(), row.flags(), row.sha256()));
        }
        digests.add(new Digest(user, box.name(), box.uidValidity(), box.highestModseq(),
            digest.count(), digest.hex()));
      }
      return new UserDigest(user, index.appliedSeq(), digests);
    }
  }

  /** Every way {@code other} (the replica's) differs from this (the primary's), in words. */
  public List<String> differences(UserDigest other) {
    List<String> out = new ArrayList<>();
    if (appliedSeq < 0 || other.appliedSeq < 0) {
      if (appliedSeq != other.appliedSeq) {
        out.add("user " + user + " exists only on the " + (appliedSeq < 0 ? "replica"
            : "primary"));
      }
      return out;
    }
    Map<String, Digest> ours = byName(mailboxes);
    Map<String, Digest> theirs = byName(other.mailboxes);
    for (String name : new TreeSet<>(union(ours, theirs))) {
      Digest a = ours.get(name);
      Digest b = theirs.get(name);
      String where = "user " + user + " mailbox " + name + ": ";
      if (a == null || b == null) {
        out.add(where + "only on the " + (a == null ? "replica" : "primary"));
      } else if (a.uidValidity() != b.uidValidity()) {
        out.add(where + "UIDVALIDITY " + a.uidValidity() + " vs " + b.uidValidity());
      } else if (a.messages() != b.messages()) {
        out.add(where + a.messages() + " messages vs " + b.messages());
      } else if (a.highestModseq() != b.highestModseq()) {
        out.add(where + "HIGHESTMODSEQ " + a.highestModseq() + " vs " + b.highestModseq());
      } else if (!a.digestHex().equals(b.digestHex())) {
        out.add(where + "same count, but UIDs, MODSEQs, flags or message hashes differ");
      }
    }
    return out;
  }

  private static Map<String, Digest> byName(List<Digest> digests) {
    Map<String, Digest> map = new LinkedHashMap<>();
    digests.forEach(d -> map.put(d.mailbox(), d));
    return map;
  }

  private static TreeSet<String> union(Map<String, Digest> a, Map<String, Digest> b) {
    TreeSet<String> names = new TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    return names;
  }
}
