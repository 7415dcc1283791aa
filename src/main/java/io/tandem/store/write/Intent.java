package io.tandem.store.write;

import io.tandem.journal.Operation;
import io.tandem.store.StoreException;
import java.sql.SQLException;
import java.util.List;

/**
 * A change a client asked for on the primary, not yet decided: resolving it against the current
 * index assigns UIDs, MODSEQs, UIDVALIDITYs and file names and yields the operations to journal.
 * Every intent concerns one user.
 */
public interface Intent {

  /** The user whose store the intent changes. */
  String user();

  /**
   * Decides the operations, reading the current state through {@code context}. Runs on the
   * committer thread; must not change anything itself.
   *
   * @throws StoreException when the request cannot be carried out (no such mailbox, ...)
   */
  List<Operation> resolve(ResolveContext context) throws StoreException, SQLException;
}
