package io.tandem.admin;

import io.tandem.store.StoreException;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.UserIntents;
import java.io.IOException;
import java.util.List;

/**
 * User management on an open store: the same calls serve the admin API of a running service and
 * the CLI working offline. Passwords arrive already hashed; this class never sees one.
 */
public final class UserAdmin {
  private final MailStore store;

  public UserAdmin(MailStore store) {
    this.store = store;
  }

  public void add(String user, String passwordHash) throws StoreException, IOException {
    store.execute(UserIntents.add(user, passwordHash));
  }

  public void changePassword(String user, String passwordHash) throws StoreException, IOException {
    store.execute(UserIntents.changePassword(user, passwordHash));
  }

  public void delete(String user) throws StoreException, IOException {
    store.execute(UserIntents.delete(user));
  }

  public List<String> list() {
    return store.users().names();
  }
}
