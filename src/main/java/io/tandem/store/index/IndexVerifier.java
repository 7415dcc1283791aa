package io.tandem.store.index;

import io.tandem.store.Names;
import io.tandem.store.maildir.MaildirLayout;
import io.tandem.store.maildir.MaildirName;
import io.tandem.util.Sha256;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a user's index against the maildir: SQLite's integrity check, every indexed message
 * file present (and, optionally, matching its SHA-256), and no message file the index does not
 * know. Reads only.
 */
public final class IndexVerifier {
  private final MaildirLayout layout;
  private final boolean checkHashes;

  public IndexVerifier(MaildirLayout layout, boolean checkHashes) {
    this.layout = layout;
    this.checkHashes = checkHashes;
  }

  /** Returns the problems found for {@code user}, each one line; empty when all is well. */
  public List<String> verify(UserIndex index) throws SQLException, IOException {
    List<String> problems = new ArrayList<>();
    for (String problem : index.integrityCheck()) {
      problems.add(index.user() + ": index: " + problem);
    }
    for (MailboxRow box : index.mailboxes()) {
      verifyMailbox(index, box, problems);
    }
    return problems;
  }

  private void verifyMailbox(UserIndex index, MailboxRow box, List<String> problems)
      throws SQLException, IOException {
    Path dir = layout.mailbox(index.user(), box.name());
    String where = index.user() + "/" + box.name();
    Set<String> indexed = new HashSet<>();
    for (MessageRow row : index.messages(box.id())) {
      indexed.add(row.file());
      Path file = dir.resolve(row.file());
      if (!Files.exists(file)) {
        problems.add(where + ": UID " + row.uid() + ": file " + row.file() + " is missing");
      } else if (checkHashes && !row.sha256().equals(Sha256.ofFile(file))) {
        problems.add(where + ": UID " + row.uid() + ": file " + row.file()
            + " does not match its SHA-256 (corrupt)");
      }
    }
    for (String sub : new String[] {"new", "cur"}) {
      Path subdir = dir.resolve(sub);
      if (!Files.isDirectory(subdir)) {
        problems.add(where + ": folder " + subdir + " is missing");
        continue;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(subdir)) {
        for (Path file : files) {
          String rel = sub + "/" + file.getFileName();
          if (!indexed.contains(rel)) {
            problems.add(where + ": file " + rel + " (" + MaildirName.baseOf(
                file.getFileName().toString()) + ") is not in the index");
          }
        }
      }
    }
    if (!box.name().equals(Names.INBOX) && !Files.exists(dir.resolve("maildirfolder"))) {
      problems.add(where + ": maildirfolder marker is missing");
    }
  }
}
