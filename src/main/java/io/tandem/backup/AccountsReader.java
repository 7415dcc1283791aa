package io.tandem.backup;

import io.tandem.backup.store.AccountsSnapshot;
import io.tandem.store.UsersFile;
import io.tandem.store.index.IndexPool;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.UserIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the users (with their password hashes), mailboxes and subscriptions of the live store
 * into an {@link AccountsSnapshot}, in a stable order so an unchanged store gives the same bytes
 * (and so the same object on the target). Stateless.
 */
final class AccountsReader {
  private AccountsReader() {}

  static AccountsSnapshot read(UsersFile users, IndexPool pool) throws IOException {
    List<AccountsSnapshot.User> people = new ArrayList<>();
    List<AccountsSnapshot.Mailbox> mailboxes = new ArrayList<>();
    List<AccountsSnapshot.Subscription> subscriptions = new ArrayList<>();
    for (String user : users.names().stream().sorted().toList()) {
      String hash = users.passwordHash(user).orElse(null);
      if (hash == null || !Files.exists(pool.file(user))) {
        continue; // removed meanwhile
      }
      people.add(new AccountsSnapshot.User(user, hash));
      try (UserIndex index = UserIndex.openReadOnly(pool.file(user), user)) {
        for (MailboxRow box : index.mailboxes()) {
          mailboxes.add(new AccountsSnapshot.Mailbox(user, box.name(), box.specialUse()));
        }
        for (String name : index.subscriptions().stream().sorted().toList()) {
          subscriptions.add(new AccountsSnapshot.Subscription(user, name));
        }
      } catch (SQLException e) {
        throw new IOException("cannot read the folders of " + user + ": " + e.getMessage(), e);
      }
    }
    return new AccountsSnapshot(people, mailboxes, subscriptions);
  }
}
