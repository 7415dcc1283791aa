package io.tandem.config;

import static io.tandem.config.ConfigKeys.ADMIN_LISTEN;
import static io.tandem.config.ConfigKeys.ALERT_HOOK;
import static io.tandem.config.ConfigKeys.ALERT_RENOTIFY;
import static io.tandem.config.ConfigKeys.BACKUP_ALLOW_SAME_DEVICE;
import static io.tandem.config.ConfigKeys.BACKUP_MAX_AGE;
import static io.tandem.config.ConfigKeys.BACKUP_RATE;
import static io.tandem.config.ConfigKeys.BACKUP_RETENTION_DELETED;
import static io.tandem.config.ConfigKeys.BACKUP_SKIP_WHILE_REBUILDING;
import static io.tandem.config.ConfigKeys.BACKUP_TARGET;
import static io.tandem.config.ConfigKeys.BAYS;
import static io.tandem.config.ConfigKeys.FRONTPANEL_BAUD;
import static io.tandem.config.ConfigKeys.FRONTPANEL_DEVICE;
import static io.tandem.config.ConfigKeys.HARDWARE_DEBOUNCE;
import static io.tandem.config.ConfigKeys.HARDWARE_MODE_KEY;
import static io.tandem.config.ConfigKeys.HARDWARE_POLL;
import static io.tandem.config.ConfigKeys.HARDWARE_ROOT;
import static io.tandem.config.ConfigKeys.HARDWARE_SIM_DIR;
import static io.tandem.config.ConfigKeys.HARDWARE_TIMEOUT;
import static io.tandem.config.ConfigKeys.IPMI_COMMAND;
import static io.tandem.config.ConfigKeys.MDADM_COMMAND;
import static io.tandem.config.ConfigKeys.SMART_COMMAND;
import static io.tandem.config.ConfigKeys.SMART_POLL;
import static io.tandem.config.ConfigKeys.ALL;
import static io.tandem.config.ConfigKeys.APPLIANCE_NAME_KEY;
import static io.tandem.config.ConfigKeys.IMAP_IDLE_TIMEOUT;
import static io.tandem.config.ConfigKeys.IMAP_LISTEN;
import static io.tandem.config.ConfigKeys.IMAP_HEADER_CACHE;
import static io.tandem.config.ConfigKeys.IMAP_LOGIN_FAILURE_WINDOW;
import static io.tandem.config.ConfigKeys.IMAP_LOGIN_TIMEOUT;
import static io.tandem.config.ConfigKeys.IMAP_MAX_APPEND_SIZE;
import static io.tandem.config.ConfigKeys.IMAP_MAX_CONNECTIONS;
import static io.tandem.config.ConfigKeys.IMAP_MAX_CONNECTIONS_PER_IP;
import static io.tandem.config.ConfigKeys.IMAP_MAX_INVALID_COMMANDS;
import static io.tandem.config.ConfigKeys.IMAP_MAX_LOGIN_FAILURES;
import static io.tandem.config.ConfigKeys.IMAP_PLAINTEXT_AUTH;
import static io.tandem.config.ConfigKeys.IMAP_PROXY_USERS;
import static io.tandem.config.ConfigKeys.IMAP_TLS_KEYSTORE;
import static io.tandem.config.ConfigKeys.IMAP_TLS_LISTEN;
import static io.tandem.config.ConfigKeys.IMAP_TLS_PASSWORD_FILE;
import static io.tandem.config.ConfigKeys.INDEX_CACHE_SIZE;
import static io.tandem.config.ConfigKeys.JOURNAL_FSYNC_WARN;
import static io.tandem.config.ConfigKeys.JOURNAL_KEEP;
import static io.tandem.config.ConfigKeys.JOURNAL_MAX_BATCH;
import static io.tandem.config.ConfigKeys.JOURNAL_SEGMENT_SIZE;
import static io.tandem.config.ConfigKeys.LMTP_IDLE_TIMEOUT;
import static io.tandem.config.ConfigKeys.LMTP_LISTEN;
import static io.tandem.config.ConfigKeys.LMTP_MAX_CONNECTIONS;
import static io.tandem.config.ConfigKeys.LMTP_MAX_CONNECTIONS_PER_IP;
import static io.tandem.config.ConfigKeys.LMTP_MAX_INVALID_COMMANDS;
import static io.tandem.config.ConfigKeys.LMTP_MAX_LINE_LENGTH;
import static io.tandem.config.ConfigKeys.LMTP_MAX_MESSAGE_SIZE;
import static io.tandem.config.ConfigKeys.LMTP_MAX_RECIPIENTS;
import static io.tandem.config.ConfigKeys.PEER_IPMI_COMMAND;
import static io.tandem.config.ConfigKeys.REPLICATION_ACK;
import static io.tandem.config.ConfigKeys.REPLICATION_ACK_TIMEOUT;
import static io.tandem.config.ConfigKeys.REPLICATION_LAG_ALERT;
import static io.tandem.config.ConfigKeys.REPLICATION_LISTEN;
import static io.tandem.config.ConfigKeys.REPLICATION_PEER;
import static io.tandem.config.ConfigKeys.REPLICATION_TIMEOUT;
import static io.tandem.config.ConfigKeys.REPLICATION_TLS_PEER_CERT;
import static io.tandem.config.ConfigKeys.REPLICATION_UNREACHABLE;
import static io.tandem.config.ConfigKeys.REPLICATION_VERIFY_INTERVAL;
import static io.tandem.config.ConfigKeys.ROLE_INITIAL;
import static io.tandem.config.ConfigKeys.SCRUB_INTERVAL;
import static io.tandem.config.ConfigKeys.SCRUB_RATE;
import static io.tandem.config.ConfigKeys.STORE_MIN_FREE;
import static io.tandem.config.ConfigKeys.STORE_ROOT;
import static io.tandem.config.ConfigKeys.STORE_STATE;
import static io.tandem.config.ConfigKeys.USERS_FILE;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The checked configuration of one appliance, as loaded by {@link ConfigLoader}. Key {@code
 * section.some_name} is {@code config.section().someName()}. Sizes are bytes, durations are
 * {@link Duration}s, paths are absolute and normalized (symbolic links are not resolved). Build it
 * with {@link ConfigLoader}, which checks every value; the records themselves do not. Immutable
 * and thread-safe.
 */
public record ApplianceConfig(
    Appliance appliance,
    RoleSettings role,
    Store store,
    Users users,
    Lmtp lmtp,
    Imap imap,
    Admin admin,
    Journal journal,
    Index index,
    Replication replication,
    Peer peer,
    Scrub scrub,
    Backup backup,
    Hardware hardware,
    FrontPanel frontPanel,
    AlertSettings alert) {

  /** @param name {@code appliance.name}: this box's name in logs, alerts and maildir file names */
  public record Appliance(String name) {}

  /** @param initial {@code role.initial}: the role before any has been recorded in store.state */
  public record RoleSettings(Role initial) {}

  /**
   * @param root {@code store.root}: the maildirs, on the RAID mount
   * @param state {@code store.state}: journal, index and role state; never inside {@code root}
   * @param minFree {@code store.min_free}: bytes; below this much free space on {@code root},
   *     deliveries get a temporary failure
   */
  public record Store(Path root, Path state, long minFree) {}

  /** @param file {@code users.file}: the users file; default {@code <store.state>/users} */
  public record Users(Path file) {}

  /**
   * LMTP listener and its limits. Sizes are bytes; {@code maxConnectionsPerIp} is at most {@code
   * maxConnections}.
   */
  public record Lmtp(
      ListenAddress listen,
      long maxMessageSize,
      int maxRecipients,
      int maxConnections,
      int maxConnectionsPerIp,
      Duration idleTimeout,
      int maxInvalidCommands,
      long maxLineLength) {}

  /**
   * The IMAP listeners and their policies ({@code imap.*}).
   *
   * @param listen {@code imap.listen}: plain IMAP with STARTTLS
   * @param tlsListen {@code imap.tls_listen}: implicit TLS; empty: none
   * @param tlsKeystore {@code imap.tls.keystore}: PKCS#12 with the clients' certificate; empty:
   *     the appliance identity of {@code tandem tls init}
   * @param tlsPasswordFile {@code imap.tls.password_file}: the key store's password
   * @param plaintextAuth {@code imap.plaintext_auth}: when a password may travel without TLS
   * @param proxyUsers {@code imap.proxy_users}: users that may authenticate for another
   * @param headerCache {@code imap.header_cache}: bytes of message headers kept in memory for
   *     SEARCH and FETCH; 0: none
   */
  public record Imap(
      ListenAddress listen,
      Optional<ListenAddress> tlsListen,
      Optional<Path> tlsKeystore,
      Optional<Path> tlsPasswordFile,
      PlaintextAuth plaintextAuth,
      List<String> proxyUsers,
      int maxConnections,
      int maxConnectionsPerIp,
      Duration idleTimeout,
      Duration loginTimeout,
      int maxInvalidCommands,
      long maxAppendSize,
      int maxLoginFailures,
      Duration loginFailureWindow,
      long headerCache) {}

  /** @param listen {@code admin.listen}: the admin HTTP API and technicians' page */
  public record Admin(ListenAddress listen) {}

  /**
   * @param segmentSize bytes per journal segment file
   * @param fsyncWarn an fsync slower than this is logged as a warning
   * @param maxBatch most operations committed in one group
   * @param keep how long entries are kept after every consumer has them
   */
  public record Journal(long segmentSize, Duration fsyncWarn, int maxBatch, Duration keep) {}

  /** @param cacheSize how many per-user index connections stay open */
  public record Index(int cacheSize) {}

  /**
   * The peer link to the partner appliance. When {@code listen} or {@code peer} is present, {@code
   * tls.peerCert} is too.
   *
   * @param listen {@code replication.listen}: where the partner connects to; empty: nowhere
   * @param peer {@code replication.peer}: the partner's replication.listen; empty: no partner
   * @param ack {@code replication.ack}: when LMTP acknowledges a delivery
   * @param ackTimeout {@code replication.ack_timeout}: how long {@code ack = peer} waits for the
   *     replica before {@code unreachable} applies
   * @param unreachable {@code replication.unreachable}: what {@code ack = peer} does then
   * @param timeout {@code replication.timeout}: silence after which the link is dead
   * @param lagAlert {@code replication.lag_alert}: replication lag that raises an alert
   * @param verifyInterval {@code replication.verify_interval}: how often every user is compared
   *     with the replica (also once after each catch-up); zero: only on demand
   */
  public record Replication(
      Optional<ListenAddress> listen, Optional<ListenAddress> peer, Tls tls, AckMode ack,
      Duration ackTimeout, UnreachablePolicy unreachable, Duration timeout, Duration lagAlert,
      Duration verifyInterval) {

    /**
     * @param peerCert {@code replication.tls.peer_cert}: the partner's pinned certificate (its
     *     {@code appliance.crt}, PEM)
     */
    public record Tls(Optional<Path> peerCert) {}

    /** Whether any peer link is configured. */
    public boolean enabled() {
      return listen.isPresent() || peer.isPresent();
    }
  }

  /**
   * The partner appliance as hardware.
   *
   * @param ipmiCommand {@code peer.ipmi.command}: the words of the command that reaches the
   *     partner's BMC ({@code ipmitool -I lanplus -H HOST -U USER -f FILE}); empty: not set, so
   *     the partner cannot be fenced
   */
  public record Peer(Optional<List<String>> ipmiCommand) {}

  /**
   * {@code tandem scrub}: every message file checked against its hash and repaired from a good
   * copy (this appliance's or the partner's).
   *
   * @param rate {@code scrub.rate}: bytes per second a scrub reads at most, on average
   * @param interval {@code scrub.interval}: how often the whole store is scrubbed; zero: only on
   *     demand
   */
  public record Scrub(long rate, Duration interval) {}

  /**
   * The nightly backup (ADR 0014).
   *
   * @param target {@code backup.target}: a folder on a mount of the backup server; empty: none
   * @param retentionDeleted {@code backup.retention.deleted}: how long deleted mail, and each
   *     run, stays restorable
   * @param maxAge {@code backup.max_age}: the last good backup older than this is alerted
   * @param skipWhileRebuilding {@code backup.skip_while_rebuilding}: skip a run while an md
   *     array rebuilds
   * @param allowSameDevice {@code backup.allow_same_device}: tests and demo only, a target on
   *     the store's own filesystem is accepted
   * @param rate {@code backup.rate}: bytes per second a run reads from the store at most
   */
  public record Backup(Optional<Path> target, Duration retentionDeleted, Duration maxAge,
      boolean skipWhileRebuilding, boolean allowSameDevice, long rate) {}

  /**
   * The hardware this appliance watches.
   *
   * @param mode {@code hardware.mode}: the machine's own, or a simulated enclosure
   * @param root {@code hardware.root}: stands in for {@code /} when reading proc, sys and dev
   * @param simDir {@code hardware.sim.dir}: the simulated enclosure (needed in sim mode)
   * @param poll {@code hardware.poll}: how often arrays, power supplies and sensors are read
   * @param debounce {@code hardware.debounce}: readings in a row before a fault is alerted
   * @param timeout {@code hardware.timeout}: the longest a tool may run
   * @param smartPoll {@code smart.poll}: how often SMART is read
   * @param mdadmCommand {@code mdadm.command}
   * @param smartCommand {@code smart.command}
   * @param ipmiCommand {@code ipmi.command}: this appliance's BMC; empty: not read
   * @param bays {@code bays.N}: the device each bay holds, by bay number
   */
  public record Hardware(HardwareMode mode, Path root, Optional<Path> simDir, Duration poll,
      int debounce, Duration timeout, Duration smartPoll, List<String> mdadmCommand,
      List<String> smartCommand, Optional<List<String>> ipmiCommand,
      java.util.SortedMap<Integer, String> bays) {
    public Hardware {
      bays = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(bays));
    }
  }

  /**
   * @param device {@code frontpanel.device}: the serial line of the front-panel display; empty:
   *     none
   * @param baud {@code frontpanel.baud}
   */
  public record FrontPanel(Optional<Path> device, int baud) {}

  /**
   * @param hook {@code alert.hook}: a command run for each alert raised or cleared
   * @param renotify {@code alert.renotify}: how often an open alert is told again
   */
  public record AlertSettings(Optional<List<String>> hook, Duration renotify) {}

  /**
   * The effective configuration, one {@code key = value} line per known key (each ending in a
   * newline), defaults included; keys that are unset and have no default are left out. It is
   * itself a valid config file that loads to an equal config; used for debug logging and {@code
   * tandem config check}.
   */
  public String describe() {
    StringBuilder out = new StringBuilder();
    for (Key<?> key : ALL) {
      key.describe(this)
          .ifPresent(value -> out.append(key.name()).append(" = ").append(value).append('\n'));
    }
    return out.toString();
  }

  static ApplianceConfig from(ConfigValues v) {
    Path state = v.get(STORE_STATE);
    return new ApplianceConfig(
        new Appliance(v.get(APPLIANCE_NAME_KEY)),
        new RoleSettings(v.get(ROLE_INITIAL)),
        new Store(v.get(STORE_ROOT), state, v.get(STORE_MIN_FREE)),
        new Users(v.find(USERS_FILE).orElseGet(() -> state.resolve("users"))),
        new Lmtp(
            v.get(LMTP_LISTEN),
            v.get(LMTP_MAX_MESSAGE_SIZE),
            v.get(LMTP_MAX_RECIPIENTS),
            v.get(LMTP_MAX_CONNECTIONS),
            v.get(LMTP_MAX_CONNECTIONS_PER_IP),
            v.get(LMTP_IDLE_TIMEOUT),
            v.get(LMTP_MAX_INVALID_COMMANDS),
            v.get(LMTP_MAX_LINE_LENGTH)),
        new Imap(
            v.get(IMAP_LISTEN),
            v.find(IMAP_TLS_LISTEN),
            v.find(IMAP_TLS_KEYSTORE),
            v.find(IMAP_TLS_PASSWORD_FILE),
            v.get(IMAP_PLAINTEXT_AUTH),
            v.find(IMAP_PROXY_USERS).orElse(List.of()),
            v.get(IMAP_MAX_CONNECTIONS),
            v.get(IMAP_MAX_CONNECTIONS_PER_IP),
            v.get(IMAP_IDLE_TIMEOUT),
            v.get(IMAP_LOGIN_TIMEOUT),
            v.get(IMAP_MAX_INVALID_COMMANDS),
            v.get(IMAP_MAX_APPEND_SIZE),
            v.get(IMAP_MAX_LOGIN_FAILURES),
            v.get(IMAP_LOGIN_FAILURE_WINDOW),
            v.get(IMAP_HEADER_CACHE)),
        new Admin(v.get(ADMIN_LISTEN)),
        new Journal(
            v.get(JOURNAL_SEGMENT_SIZE), v.get(JOURNAL_FSYNC_WARN), v.get(JOURNAL_MAX_BATCH),
            v.get(JOURNAL_KEEP)),
        new Index(v.get(INDEX_CACHE_SIZE)),
        new Replication(
            v.find(REPLICATION_LISTEN),
            v.find(REPLICATION_PEER),
            new Replication.Tls(v.find(REPLICATION_TLS_PEER_CERT)),
            v.get(REPLICATION_ACK),
            v.get(REPLICATION_ACK_TIMEOUT),
            v.get(REPLICATION_UNREACHABLE),
            v.get(REPLICATION_TIMEOUT),
            v.get(REPLICATION_LAG_ALERT),
            v.get(REPLICATION_VERIFY_INTERVAL)),
        new Peer(v.find(PEER_IPMI_COMMAND)),
        new Scrub(v.get(SCRUB_RATE), v.get(SCRUB_INTERVAL)),
        new Backup(v.find(BACKUP_TARGET), v.get(BACKUP_RETENTION_DELETED), v.get(BACKUP_MAX_AGE),
            v.get(BACKUP_SKIP_WHILE_REBUILDING), v.get(BACKUP_ALLOW_SAME_DEVICE),
            v.get(BACKUP_RATE)),
        new Hardware(v.get(HARDWARE_MODE_KEY), v.get(HARDWARE_ROOT), v.find(HARDWARE_SIM_DIR),
            v.get(HARDWARE_POLL), v.get(HARDWARE_DEBOUNCE), v.get(HARDWARE_TIMEOUT),
            v.get(SMART_POLL), v.get(MDADM_COMMAND), v.get(SMART_COMMAND),
            v.find(IPMI_COMMAND), bays(v)),
        new FrontPanel(v.find(FRONTPANEL_DEVICE), v.get(FRONTPANEL_BAUD)),
        new AlertSettings(v.find(ALERT_HOOK), v.get(ALERT_RENOTIFY)));
  }

  private static java.util.SortedMap<Integer, String> bays(ConfigValues v) {
    java.util.SortedMap<Integer, String> bays = new java.util.TreeMap<>();
    for (int bay = 1; bay <= BAYS.size(); bay++) {
      int number = bay;
      v.find(BAYS.get(bay - 1)).ifPresent(device -> bays.put(number, device));
    }
    return bays;
  }
}
