package io.tandem.lifecycle;

import io.tandem.config.Role;
import io.tandem.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The appliance's role and epoch, persisted in {@code <store.state>/role} so that a restart keeps
 * them ({@code role.initial} only applies to a store that has none recorded yet). Thread-safe.
 */
public final class RoleState {
  private final Path file;
  private volatile Role role;
  private volatile long epoch;
  /** A controlled failover is under way: still primary, but no new writes are taken. */
  private volatile boolean handingOver;

  private final EpochParity parity;
  /** Told after each change of role or epoch (IMAP closes its sessions when no longer primary). */
  private final java.util.List<Runnable> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private RoleState(Path file, Role role, long epoch, EpochParity parity) {
    this.file = file;
    this.role = role;
    this.epoch = epoch;
    this.parity = parity;
  }

  /** {@link #load(Path, Role, EpochParity)} for an appliance without a partner. */
  public static RoleState load(Path stateDir, Role initial) throws IOException {
    return load(stateDir, initial, EpochParity.ANY);
  }

  /**
   * Loads the recorded role, or records {@code initial} for a new store: a new primary opens
   * the first epoch of its parity, a new replica starts at epoch 1 and adopts its primary's.
   */
  public static RoleState load(Path stateDir, Role initial, EpochParity parity)
      throws IOException {
    Path file = stateDir.resolve("role");
    if (!Files.exists(file)) {
      RoleState state = new RoleState(file, initial,
          initial == Role.PRIMARY ? parity.next(0) : 1, parity);
      state.save();
      return state;
    }
    Properties props = new Properties();
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    }
    try {
      return new RoleState(file, Role.parse(props.getProperty("role", "")),
          Long.parseLong(props.getProperty("epoch", "")), parity);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": damaged role file (" + e.getMessage() + "); it should hold"
          + " 'role = primary|replica' and 'epoch = N'");
    }
  }

  public Role role() {
    return role;
  }

  public long epoch() {
    return epoch;
  }

  public boolean isPrimary() {
    return role == Role.PRIMARY;
  }

  /** Whether new writes (LMTP deliveries) are taken: primary, and not handing over. */
  public boolean acceptsWrites() {
    return role == Role.PRIMARY && !handingOver;
  }

  /** A controlled failover starts: new writes get 4xx while the replica catches the last. */
  public void beginHandover() {
    handingOver = true;
    tellListeners();
  }

  /** The failover was called off (checks failed): writes are taken again. */
  public void cancelHandover() {
    handingOver = false;
  }

  /**
   * Becomes the primary of exactly {@code newEpoch} (a hand-over from the primary names it),
   * durably, before the first write.
   *
   * @throws IOException when {@code newEpoch} is not above the current epoch, or it cannot be
   *     recorded
   */
  public synchronized void promoteTo(long newEpoch) throws IOException {
    if (newEpoch <= epoch) {
      throw new IOException("cannot become primary of epoch " + newEpoch + ": this appliance"
          + " has seen epoch " + epoch);
    }
    change(Role.PRIMARY, newEpoch);
  }

  /**
   * Records a higher epoch learned from the partner (a replica meeting a newly promoted primary),
   * durably, before anything from that epoch is applied; a lower or equal one changes nothing.
   */
  public synchronized void adoptEpoch(long newer) throws IOException {
    if (newer > epoch) {
      change(role, newer);
    }
  }

  /**
   * Makes this appliance the primary of a new epoch (the first of its parity above any it has
   * seen, see {@link EpochParity}), durably,
   * before it takes a single write: every entry it writes from now on carries that epoch, so
   * its partner can tell them from the old primary's.
   *
   * @return the new epoch
   */
  public synchronized long promote() throws IOException {
    change(Role.PRIMARY, parity.next(epoch));
    return epoch;
  }

  /** The epoch a hand-over to the partner gives it: the next one of its parity. */
  public long partnerNextEpoch() {
    return parity.partner().next(epoch);
  }

  /**
   * Stops being primary because a partner proved a newer epoch {@code seen} exists (fencing):
   * recorded durably; LMTP answers 4xx from now on.
   */
  public synchronized void stepDown(long seen) throws IOException {
    handingOver = false;
    long newer = Math.max(epoch, seen);
    try {
      change(Role.REPLICA, newer);
    } catch (IOException e) {
      // Not written down, but no more writes either: another primary exists.
      role = Role.REPLICA;
      epoch = newer;
      tellListeners();
      throw e;
    }
  }

  /** Runs {@code listener} after every change of role or epoch, and when a hand-over starts. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  private void tellListeners() {
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  private void change(Role newRole, long newEpoch) throws IOException {
    Role beforeRole = role;
    long beforeEpoch = epoch;
    role = newRole;
    epoch = newEpoch;
    try {
      save();
    } catch (IOException e) {
      role = beforeRole;
      epoch = beforeEpoch;
      throw e;
    }
    tellListeners();
  }

  private void save() throws IOException {
    String text = "# Written by Tandem: the role and epoch this appliance last had.\n"
        + "role = " + role.configName() + "\nepoch = " + epoch + "\n";
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
