package io.tandem.store.write;

import io.tandem.journal.Operation;
import io.tandem.store.Names;
import io.tandem.store.StoreException;
import io.tandem.store.StoreException.Reason;
import java.util.ArrayList;
import java.util.List;

/** Intents that add, remove or change users. New users get INBOX and the special-use folders. */
public final class UserIntents {
  /** Folders every new user gets, with their RFC 6154 special use. */
  static final List<String[]> SPECIAL_FOLDERS = List.of(
      new String[] {"Archive", "\\Archive"},
      new String[] {"Drafts", "\\Drafts"},
      new String[] {"Junk", "\\Junk"},
      new String[] {"Sent", "\\Sent"},
      new String[] {"Trash", "\\Trash"});

  private UserIntents() {}

  /** A new user with the given password hash (never a password). */
  public static Intent add(String user, String passwordHash) throws StoreException {
    String name = Names.user(user);
    return new Simple(name, context -> {
      if (context.userExists(name)) {
        throw new StoreException(Reason.USER_EXISTS, "user '" + name + "' already exists");
      }
      List<Operation> ops = new ArrayList<>();
      ops.add(new Operation.AddUser(name, passwordHash, context.nextUidValidity(name, 0)));
      for (int i = 0; i < SPECIAL_FOLDERS.size(); i++) {
        String[] folder = SPECIAL_FOLDERS.get(i);
        ops.add(new Operation.CreateMailbox(name, folder[0],
            context.nextUidValidity(name, i + 1), folder[1]));
        ops.add(new Operation.Subscribe(name, folder[0], true));
      }
      return ops;
    });
  }

  /** A new password hash for an existing user. */
  public static Intent changePassword(String user, String passwordHash) throws StoreException {
    String name = Names.user(user);
    return new Simple(name, context -> {
      context.index(name);
      return List.of(new Operation.ChangePassword(name, passwordHash));
    });
  }

  /** Removes a user and all of their mail. */
  public static Intent delete(String user) throws StoreException {
    String name = Names.user(user);
    return new Simple(name, context -> {
      context.index(name);
      return List.of(new Operation.DeleteUser(name));
    });
  }

  /** The resolver of a {@link Simple} intent. */
  @FunctionalInterface
  interface Resolver {
    List<Operation> resolve(ResolveContext context) throws StoreException, java.sql.SQLException;
  }

  /** An intent made of a user name and a resolver function. */
  record Simple(String user, Resolver resolver) implements Intent {
    @Override
    public List<Operation> resolve(ResolveContext context)
        throws StoreException, java.sql.SQLException {
      return resolver.resolve(context);
    }
  }
}
