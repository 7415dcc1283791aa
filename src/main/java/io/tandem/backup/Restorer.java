package io.tandem.backup;

import io.tandem.backup.store.AccountsSnapshot;
import io.tandem.backup.store.Manifests;
import io.tandem.backup.store.MessageEntry;
import io.tandem.backup.store.ObjectStore;
import io.tandem.backup.store.Retention;
import io.tandem.backup.store.RunInfo;
import io.tandem.backup.store.RunState;
import io.tandem.backup.store.ScratchState;
import io.tandem.config.Durations;
import io.tandem.store.Flags;
import io.tandem.store.Names;
import io.tandem.store.StoreException;
import io.tandem.store.index.MailboxRow;
import io.tandem.store.index.UserIndex;
import io.tandem.store.write.MailStore;
import io.tandem.store.write.MailboxIntents;
import io.tandem.store.write.MessageIntents;
import io.tandem.store.write.SpooledMessage;
import io.tandem.store.write.UserIntents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Brings mail back from the target into the live store as new operations of this appliance,
 * through the normal write path (each body read from its object, its hash checked as it is read,
 * spooled and forced, then delivered by intent), so it replicates to the partner like any other
 * change. A user restore delivers below {@code <into>/} (folder by folder, created when missing),
 * flags kept except {@code \Deleted} (a restored message that came back marked for deletion
 * would be expunged again); a disaster restore rebuilds an empty store: users with their password
 * hashes, folders, subscriptions, then every message in its own folder with its flags and
 * internal date. Used by the one backup thread.
 *
 * <p>Neither holds a store's worth of messages in the heap (ADR 0021): a user restore keeps only
 * that user's messages of the replayed state, and a disaster restore replays the run's state into
 * a scratch file ({@link ScratchState}) and streams it to the store user by user, folder by
 * folder, by UID.
 */
final class Restorer {
  private final Path target;
  private final Duration retention;
  private final Clock clock;
  private final MailStore store;
  private final RunCounters counters;
  private final ObjectStore objects;
  private final Manifests manifests;
  private final Path scratch;

  /**
   * A restorer from {@code target}, which keeps deleted mail and its runs {@code retention}; a
   * disaster restore's scratch file goes in {@code scratch} ({@code <store.state>/backup}).
   */
  Restorer(Path target, Duration retention, Clock clock, MailStore store, RunCounters counters,
      Path scratch) {
    this.target = target;
    this.scratch = scratch;
    this.retention = retention;
    this.clock = clock;
    this.store = store;
    this.counters = counters;
    this.objects = new ObjectStore(target);
    this.manifests = new Manifests(target);
  }

  /** Carries out {@code request}; returns what was done. */
  Map<String, Object> restore(RestoreRequest request) throws IOException, InterruptedException {
    if (!Files.isDirectory(target.resolve("runs"))) {
      throw new IOException("the backup target " + target + " holds no backup (no runs/ folder):"
          + " is it mounted?");
    }
    List<RunInfo> complete = completeRuns();
    RunInfo run = RestoreSelection.runAsOf(complete, request.asOf()).orElseThrow(() ->
        new IOException("no complete backup run " + (request.asOf() == null ? "on "
            + target : "at or before " + request.asOf())));
    Instant now = clock.instant();
    requireRestorable(run, complete, now);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run", run.runId());
    out.put("run_time", run.time().toString());
    if (request.disaster()) {
      disaster(run, out);
      return out;
    }
    // A user restore keeps only that user's messages of the replayed state: the whole state of
    // a large store does not fit the heap (ADR 0021).
    Map<MessageEntry.Key, MessageEntry> state = RunState.replay(manifests, run.runId(),
        key -> key.user().equals(request.user()));
    counters.phase("restoring from run " + run.runId());
    if (!store.users().contains(request.user())) {
      throw new IOException("there is no user '" + request.user() + "' on this appliance; add"
          + " them first (tandem user add), or rebuild an empty appliance with --disaster");
    }
    Instant purgedBefore = now.minus(retention);
    if (request.deletedSince() != null && request.deletedSince().isBefore(purgedBefore)) {
      out.put("note", "mail deleted before " + purgedBefore + " is older than"
          + " backup.retention.deleted (" + Durations.format(retention) + ") and purged from"
          + " the backup; only mail deleted since then is restored");
    }
    List<MessageEntry> chosen = request.deletedSince() != null
        ? RestoreSelection.deletedSince(manifests, state,
            later(request.deletedSince(), purgedBefore), request.user(), request.mailbox())
        : RestoreSelection.ofState(state.values(), request.user(), request.mailbox());
    if (request.messageId() != null) {
      chosen = withMessageId(chosen, MessageIdHeader.normalize(request.messageId()));
    }
    List<Delivery> deliveries = new ArrayList<>();
    for (MessageEntry entry : chosen) {
      List<String> flags = new ArrayList<>(entry.flags());
      flags.remove(Flags.DELETED);
      deliveries.add(new Delivery(entry, request.into() + Names.SEPARATOR + entry.mailbox(),
          flags));
    }
    ensureMailboxes(request.user(), deliveries, request.into());
    deliver(deliveries);
    out.put("user", request.user());
    out.put("into", request.into());
    out.put("messages", deliveries.size());
    out.put("mailboxes", deliveries.stream().map(Delivery::mailbox).distinct().sorted().toList());
    return out;
  }

  /**
   * Refuses a run older than the retention period (ADR 0019): the bodies of mail deleted since
   * it may be purged, so restoring it "as it was" could no longer be done whole.
   */
  private void requireRestorable(RunInfo run, List<RunInfo> complete, Instant now)
      throws IOException {
    Set<String> restorable = Retention.restorable(complete, now, retention);
    if (restorable.contains(run.runId())) {
      return;
    }
    String oldest = complete.stream().filter(r -> restorable.contains(r.runId())).findFirst()
        .map(r -> r.runId() + " (" + r.time() + ")").orElse("none");
    throw new IOException("backup run " + run.runId() + " (" + run.time() + ") is older than"
        + " backup.retention.deleted (" + Durations.format(retention) + ") and no longer"
        + " restorable: mail deleted since then may be purged from the target. The oldest"
        + " restorable run is " + oldest + "; 'tandem backup list' shows them all");
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** The readable runs whose whole chain is present, oldest first. */
  private List<RunInfo> completeRuns() throws IOException {
    List<RunInfo> out = new ArrayList<>();
    for (RunInfo run : manifests.readable()) {
      try {
        manifests.chainInfo(run.runId());
        out.add(run);
      } catch (io.tandem.backup.store.ManifestFormatException e) {
        // A broken chain: not restorable (tandem backup verify names it).
      }
    }
    return out;
  }

  private List<MessageEntry> withMessageId(List<MessageEntry> entries, String id)
      throws IOException {
    List<MessageEntry> out = new ArrayList<>();
    for (MessageEntry entry : entries) {
      try (InputStream in = Files.newInputStream(objects.pathOf(entry.sha256()))) {
        if (id.equals(MessageIdHeader.of(in))) {
          out.add(entry);
        }
      }
    }
    return out;
  }

  /**
   * Rebuilds the empty store: the run's chain is replayed into a scratch file (before anything
   * is written), then the accounts snapshot is restored (users, folders, subscriptions), then the
   * messages are read back from the scratch file user by user (sorted), folder by folder
   * (sorted), by UID: the order a sorted list of the whole state gave, so UIDs come out as
   * before. The heap holds a user's folder names and the pipeline's few deliveries in flight,
   * not the state (ADR 0021).
   */
  private void disaster(RunInfo run, Map<String, Object> out)
      throws IOException, InterruptedException {
    if (store.users().size() > 0) {
      throw new IOException("this appliance's store is not empty (" + store.users().size()
          + " users): a disaster restore rebuilds an empty appliance; restore single users with"
          + " 'tandem restore --user NAME'");
    }
    String sha = run.accounts().orElseThrow(() -> new IOException("run " + run.runId()
        + " records no users and folders; a disaster restore needs a run taken by this"
        + " version"));
    AccountsSnapshot accounts;
    try (InputStream in = objects.open(sha)) {
      accounts = AccountsSnapshot.read(in);
    }
    // The job before this one may have been killed with its scratch file; no other job runs.
    Retention.cleanScratch(scratch);
    counters.phase("restoring from run " + run.runId());
    // Replayed before anything is written: a damaged chain leaves the store empty, to retry.
    try (ScratchState state = ScratchState.replay(manifests, run.runId(), scratch)) {
      restoreAll(accounts, state, out);
    }
  }

  /** The accounts snapshot, then every message of {@code state} of the snapshot's users. */
  private void restoreAll(AccountsSnapshot accounts, ScratchState state, Map<String, Object> out)
      throws IOException, InterruptedException {
    counters.phase("recreating users and folders");
    for (AccountsSnapshot.User user : accounts.users()) {
      execute(() -> UserIntents.add(user.name(), user.passwordHash()));
    }
    Set<String> users = new HashSet<>();
    accounts.users().forEach(u -> users.add(u.name()));
    for (AccountsSnapshot.Mailbox box : accounts.mailboxes()) {
      if (!existing(box.user()).contains(box.name())) {
        execute(() -> MailboxIntents.create(box.user(), box.name()));
      }
    }
    restoreSubscriptions(accounts, users);
    List<String> sorted = new ArrayList<>(users);
    sorted.sort(null);
    for (String user : sorted) {
      Set<String> have = existing(user);
      for (String mailbox : state.mailboxes(user)) {
        if (!have.contains(mailbox)) {
          execute(() -> MailboxIntents.create(user, mailbox));
        }
      }
    }
    counters.phase("delivering messages");
    int[] delivered = {0};
    try (RestorePipeline pipeline = new RestorePipeline(store, this::spool)) {
      for (String user : sorted) {
        for (String mailbox : state.mailboxes(user)) {
          state.forEachIn(user, mailbox, entry -> {
            pipeline.add(new Delivery(entry, entry.mailbox(), entry.flags()));
            delivered[0]++;
          });
        }
      }
      pipeline.finish();
    }
    out.put("users", accounts.users().size());
    out.put("mailboxes", accounts.mailboxes().size());
    out.put("subscriptions", accounts.subscriptions().size());
    out.put("messages", delivered[0]);
  }

  /** Makes each user's subscriptions those of the snapshot (new users come subscribed). */
  private void restoreSubscriptions(AccountsSnapshot accounts, Set<String> users)
      throws IOException {
    for (String user : users) {
      Set<String> wanted = new TreeSet<>();
      accounts.subscriptions().stream().filter(s -> s.user().equals(user))
          .forEach(s -> wanted.add(s.name()));
      Set<String> now = subscriptions(user);
      for (String name : now) {
        if (!wanted.contains(name)) {
          execute(() -> MailboxIntents.subscribe(user, name, false));
        }
      }
      for (String name : wanted) {
        if (!now.contains(name)) {
          execute(() -> MailboxIntents.subscribe(user, name, true));
        }
      }
    }
  }

  private void ensureMailboxes(String user, List<Delivery> deliveries, String parent)
      throws IOException {
    Set<String> have = existing(user);
    Set<String> wanted = new TreeSet<>();
    if (parent != null && !deliveries.isEmpty()) {
      wanted.add(parent);
    }
    deliveries.forEach(d -> wanted.add(d.mailbox()));
    for (String name : wanted) {
      if (!have.contains(name)) {
        execute(() -> MailboxIntents.create(user, name));
      }
    }
  }

  /** Delivers in order, spooling ahead on a few threads and keeping commits in flight. */
  private void deliver(List<Delivery> deliveries) throws IOException, InterruptedException {
    try (RestorePipeline pipeline = new RestorePipeline(store, this::spool)) {
      for (Delivery delivery : deliveries) {
        pipeline.add(delivery);
      }
      pipeline.finish();
    }
  }

  /** Reads a body from its object (hash checked at its end) into the spool. */
  private SpooledMessage spool(Delivery delivery) throws IOException {
    MessageEntry entry = delivery.entry();
    byte[] body;
    try (InputStream in = objects.open(entry.sha256())) {
      body = in.readAllBytes();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("the backup object " + objects.pathOf(entry.sha256()) + " of "
          + entry.user() + "/" + entry.mailbox() + " uid " + entry.uid() + " is missing; run"
          + " 'tandem backup verify'", e);
    }
    long lines = 0;
    for (byte b : body) {
      if (b == '\n') {
        lines++;
      }
    }
    SpooledMessage spooled = store.spool().write(new byte[0], new ByteArrayInputStream(body),
        body.length, lines);
    if (!spooled.sha256().equals(entry.sha256())) {
      store.spool().discard(spooled);
      throw new IOException("the body of " + entry.user() + "/" + entry.mailbox() + " uid "
          + entry.uid() + " changed while it was spooled");
    }
    counters.restored(body.length);
    return spooled;
  }

  private Set<String> existing(String user) throws IOException {
    try (UserIndex index = UserIndex.openReadOnly(store.indexPool().file(user), user)) {
      Set<String> names = new HashSet<>();
      for (MailboxRow row : index.mailboxes()) {
        names.add(row.name());
      }
      return names;
    } catch (SQLException e) {
      throw new IOException("cannot read the folders of " + user + ": " + e.getMessage(), e);
    }
  }

  private Set<String> subscriptions(String user) throws IOException {
    try (UserIndex index = UserIndex.openReadOnly(store.indexPool().file(user), user)) {
      return new TreeSet<>(index.subscriptions());
    } catch (SQLException e) {
      throw new IOException("cannot read the subscriptions of " + user + ": " + e.getMessage(),
          e);
    }
  }

  /** An intent still to be made (making one checks names, and may refuse). */
  @FunctionalInterface
  private interface IntentMaker {
    io.tandem.store.write.Intent make() throws StoreException;
  }

  private void execute(IntentMaker intent) throws IOException {
    try {
      store.execute(intent.make());
    } catch (StoreException e) {
      throw new IOException("the store refused the restore: " + e.getMessage(), e);
    }
  }

  /** One message to deliver and the mailbox it goes to. */
  record Delivery(MessageEntry entry, String mailbox, List<String> flags) {}
}
