package io.tandem.config;

import static io.tandem.config.ValueTypes.ACK_MODE;
import static io.tandem.config.ValueTypes.APPLIANCE_NAME;
import static io.tandem.config.ValueTypes.BOOLEAN;
import static io.tandem.config.ValueTypes.COMMAND;
import static io.tandem.config.ValueTypes.DEVICE;
import static io.tandem.config.ValueTypes.DURATION;
import static io.tandem.config.ValueTypes.HARDWARE_MODE;
import static io.tandem.config.ValueTypes.INT;
import static io.tandem.config.ValueTypes.LISTEN;
import static io.tandem.config.ValueTypes.PATH;
import static io.tandem.config.ValueTypes.PEER_ADDRESS;
import static io.tandem.config.ValueTypes.PLAINTEXT_AUTH;
import static io.tandem.config.ValueTypes.USER_NAMES;
import static io.tandem.config.ValueTypes.ROLE;
import static io.tandem.config.ValueTypes.SIZE;
import static io.tandem.config.ValueTypes.UNREACHABLE_POLICY;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one table of known keys: adding a key means one line here, one field in {@link
 * ApplianceConfig} and one line in {@code appliance-config/full-example.conf}. Immutable and
 * thread-safe.
 */
final class ConfigKeys {
  static final Key<String> APPLIANCE_NAME_KEY =
      Key.required("appliance.name", APPLIANCE_NAME, c -> c.appliance().name());
  static final Key<Role> ROLE_INITIAL =
      Key.optional("role.initial", ROLE, c -> c.role().initial()).withDefault("primary");
  static final Key<Path> STORE_ROOT = Key.required("store.root", PATH, c -> c.store().root());
  static final Key<Path> STORE_STATE = Key.required("store.state", PATH, c -> c.store().state());
  static final Key<Long> STORE_MIN_FREE =
      Key.optional("store.min_free", SIZE, c -> c.store().minFree()).withDefault("256M");
  /** Defaults to {@code <store.state>/users}, filled in by {@link ApplianceConfig}. */
  static final Key<Path> USERS_FILE = Key.optional("users.file", PATH, c -> c.users().file());

  static final Key<ListenAddress> LMTP_LISTEN =
      Key.optional("lmtp.listen", LISTEN, c -> c.lmtp().listen())
          .withDefault("127.0.0.1:2424");
  static final Key<Long> LMTP_MAX_MESSAGE_SIZE =
      Key.optional("lmtp.max_message_size", SIZE, c -> c.lmtp().maxMessageSize())
          .withDefault("50M")
          .within("1K", "2G");
  static final Key<Integer> LMTP_MAX_RECIPIENTS =
      Key.optional("lmtp.max_recipients", INT, c -> c.lmtp().maxRecipients())
          .withDefault("100")
          .within("1", "10000");
  static final Key<Integer> LMTP_MAX_CONNECTIONS =
      Key.optional("lmtp.max_connections", INT, c -> c.lmtp().maxConnections())
          .withDefault("200")
          .within("1", "100000");
  static final Key<Integer> LMTP_MAX_CONNECTIONS_PER_IP =
      Key.optional("lmtp.max_connections_per_ip", INT, c -> c.lmtp().maxConnectionsPerIp())
          .withDefault("50")
          .within("1", "100000");
  static final Key<Duration> LMTP_IDLE_TIMEOUT =
      Key.optional("lmtp.idle_timeout", DURATION, c -> c.lmtp().idleTimeout())
          .withDefault("5m")
          .within("1s", "1h");
  static final Key<Integer> LMTP_MAX_INVALID_COMMANDS =
      Key.optional("lmtp.max_invalid_commands", INT, c -> c.lmtp().maxInvalidCommands())
          .withDefault("10")
          .within("1", "1000");
  /** RFC 5321 lines are at most 1000 octets, but real clients overshoot; be lenient. */
  static final Key<Long> LMTP_MAX_LINE_LENGTH =
      Key.optional("lmtp.max_line_length", SIZE, c -> c.lmtp().maxLineLength())
          .withDefault("4K")
          .within("512", "1M");

  static final Key<ListenAddress> IMAP_LISTEN =
      Key.optional("imap.listen", LISTEN, c -> c.imap().listen()).withDefault("127.0.0.1:1143");
  /** The implicit-TLS listener (port 993 in production); none unless set. */
  static final Key<ListenAddress> IMAP_TLS_LISTEN =
      Key.optional("imap.tls_listen", LISTEN, c -> c.imap().tlsListen().orElse(null));
  /** A PKCS#12 key store with the certificate clients see; default: the appliance identity. */
  static final Key<Path> IMAP_TLS_KEYSTORE =
      Key.optional("imap.tls.keystore", PATH, c -> c.imap().tlsKeystore().orElse(null));
  static final Key<Path> IMAP_TLS_PASSWORD_FILE =
      Key.optional("imap.tls.password_file", PATH,
          c -> c.imap().tlsPasswordFile().orElse(null));
  static final Key<PlaintextAuth> IMAP_PLAINTEXT_AUTH =
      Key.optional("imap.plaintext_auth", PLAINTEXT_AUTH, c -> c.imap().plaintextAuth())
          .withDefault("tls-or-loopback");
  /** Users (IMAP front ends) that may log in on behalf of any user with SASL PLAIN. */
  static final Key<List<String>> IMAP_PROXY_USERS =
      Key.optional("imap.proxy_users", USER_NAMES, c -> c.imap().proxyUsers().isEmpty()
          ? null : c.imap().proxyUsers());
  static final Key<Integer> IMAP_MAX_CONNECTIONS =
      Key.optional("imap.max_connections", INT, c -> c.imap().maxConnections())
          .withDefault("2000")
          .within("1", "100000");
  static final Key<Integer> IMAP_MAX_CONNECTIONS_PER_IP =
      Key.optional("imap.max_connections_per_ip", INT, c -> c.imap().maxConnectionsPerIp())
          .withDefault("500")
          .within("1", "100000");
  /** RFC 3501 §5.4: at least 30 minutes for a logged-in client (IDLE renews before 29). */
  static final Key<Duration> IMAP_IDLE_TIMEOUT =
      Key.optional("imap.idle_timeout", DURATION, c -> c.imap().idleTimeout())
          .withDefault("30m")
          .within("1s", "24h");
  static final Key<Duration> IMAP_LOGIN_TIMEOUT =
      Key.optional("imap.login_timeout", DURATION, c -> c.imap().loginTimeout())
          .withDefault("1m")
          .within("1s", "1h");
  static final Key<Integer> IMAP_MAX_INVALID_COMMANDS =
      Key.optional("imap.max_invalid_commands", INT, c -> c.imap().maxInvalidCommands())
          .withDefault("20")
          .within("1", "1000");
  static final Key<Long> IMAP_MAX_APPEND_SIZE =
      Key.optional("imap.max_append_size", SIZE, c -> c.imap().maxAppendSize())
          .withDefault("50M")
          .within("1K", "1G");
  static final Key<Integer> IMAP_MAX_LOGIN_FAILURES =
      Key.optional("imap.max_login_failures", INT, c -> c.imap().maxLoginFailures())
          .withDefault("5")
          .within("1", "1000");
  static final Key<Duration> IMAP_LOGIN_FAILURE_WINDOW =
      Key.optional("imap.login_failure_window", DURATION, c -> c.imap().loginFailureWindow())
          .withDefault("15m")
          .within("1s", "1d");
  /**
   * Message headers kept in memory for SEARCH on header fields and FETCH of header items; 0
   * turns the cache off. Its memory comes out of the service's heap (-Xmx256m by default).
   */
  static final Key<Long> IMAP_HEADER_CACHE =
      Key.optional("imap.header_cache", SIZE, c -> c.imap().headerCache())
          .withDefault("32M")
          .within("0", "1G");

  static final Key<ListenAddress> ADMIN_LISTEN =
      Key.optional("admin.listen", LISTEN, c -> c.admin().listen()).withDefault("127.0.0.1:9925");

  static final Key<Long> JOURNAL_SEGMENT_SIZE =
      Key.optional("journal.segment_size", SIZE, c -> c.journal().segmentSize())
          .withDefault("64M")
          .within("64K", "4G");
  static final Key<Duration> JOURNAL_FSYNC_WARN =
      Key.optional("journal.fsync_warn", DURATION, c -> c.journal().fsyncWarn())
          .withDefault("1s")
          .within("1ms", "10m");
  static final Key<Integer> JOURNAL_MAX_BATCH =
      Key.optional("journal.max_batch", INT, c -> c.journal().maxBatch())
          .withDefault("512")
          .within("1", "100000");

  /** Journal kept beyond what every consumer has, for a returning old primary or a rebuild. */
  static final Key<Duration> JOURNAL_KEEP =
      Key.optional("journal.keep", DURATION, c -> c.journal().keep())
          .withDefault("7d")
          .within("1s", "3650d");

  static final Key<Integer> INDEX_CACHE_SIZE =
      Key.optional("index.cache_size", INT, c -> c.index().cacheSize())
          .withDefault("256")
          .within("8", "100000");

  /** No default: absent means this appliance accepts no peer link. */
  static final Key<ListenAddress> REPLICATION_LISTEN =
      Key.optional("replication.listen", LISTEN, c -> c.replication().listen().orElse(null));
  /** No default: absent means this appliance connects to no partner. */
  static final Key<ListenAddress> REPLICATION_PEER =
      Key.optional("replication.peer", PEER_ADDRESS, c -> c.replication().peer().orElse(null));
  /** The partner's appliance.crt; required once either of the two above is set. */
  static final Key<Path> REPLICATION_TLS_PEER_CERT =
      Key.optional("replication.tls.peer_cert", PATH,
          c -> c.replication().tls().peerCert().orElse(null));

  static final Key<AckMode> REPLICATION_ACK =
      Key.optional("replication.ack", ACK_MODE, c -> c.replication().ack()).withDefault("local");
  static final Key<Duration> REPLICATION_ACK_TIMEOUT =
      Key.optional("replication.ack_timeout", DURATION, c -> c.replication().ackTimeout())
          .withDefault("5s")
          .within("100ms", "5m");
  static final Key<UnreachablePolicy> REPLICATION_UNREACHABLE =
      Key.optional("replication.unreachable", UNREACHABLE_POLICY,
          c -> c.replication().unreachable()).withDefault("tempfail");
  /** A link with no frame at all for this long is dead (each side pings every second). */
  static final Key<Duration> REPLICATION_TIMEOUT =
      Key.optional("replication.timeout", DURATION, c -> c.replication().timeout())
          .withDefault("10s")
          .within("2s", "10m");
  static final Key<Duration> REPLICATION_LAG_ALERT =
      Key.optional("replication.lag_alert", DURATION, c -> c.replication().lagAlert())
          .withDefault("5s")
          .within("100ms", "1d");

  /** How often the primary compares every user with the replica; 0 turns it off. */
  static final Key<Duration> REPLICATION_VERIFY_INTERVAL =
      Key.optional("replication.verify_interval", DURATION,
          c -> c.replication().verifyInterval())
          .withDefault("1d")
          .within("0s", "365d");

  /**
   * How to reach the partner's BMC ({@code ipmitool -I lanplus -H ... -U ... -f FILE}); {@code
   * tandem promote --force --fence} appends {@code chassis power off} and {@code chassis power
   * status}. No default: absent means this appliance cannot fence its partner.
   */
  static final Key<List<String>> PEER_IPMI_COMMAND =
      Key.optional("peer.ipmi.command", COMMAND, c -> c.peer().ipmiCommand().orElse(null));

  /** The most a scrub reads per second, on average, so mail keeps the disks. */
  static final Key<Long> SCRUB_RATE =
      Key.optional("scrub.rate", SIZE, c -> c.scrub().rate())
          .withDefault("50M")
          .within("64K", "64G");
  /** How often every message file is checked against its hash; 0 turns the schedule off. */
  static final Key<Duration> SCRUB_INTERVAL =
      Key.optional("scrub.interval", DURATION, c -> c.scrub().interval())
          .withDefault("0s")
          .within("0s", "365d");

  /** The backup target: a folder on a mount of the backup server (ADR 0014); unset: no backup. */
  static final Key<Path> BACKUP_TARGET =
      Key.optional("backup.target", PATH, c -> c.backup().target().orElse(null));
  /** How long a deleted message stays restorable, and each run restorable as it was. */
  static final Key<Duration> BACKUP_RETENTION_DELETED =
      Key.optional("backup.retention.deleted", DURATION, c -> c.backup().retentionDeleted())
          .withDefault("7d")
          .within("1s", "3650d");
  /** The last good backup older than this is alerted. */
  static final Key<Duration> BACKUP_MAX_AGE =
      Key.optional("backup.max_age", DURATION, c -> c.backup().maxAge())
          .withDefault("36h")
          .within("1s", "365d");
  /** Skip a run, with a warning, while an md array rebuilds (the disks belong to the rebuild). */
  static final Key<Boolean> BACKUP_SKIP_WHILE_REBUILDING =
      Key.optional("backup.skip_while_rebuilding", BOOLEAN,
          c -> c.backup().skipWhileRebuilding()).withDefault("true");
  /** Tests and the demo only: accept a target on the store's own filesystem. */
  static final Key<Boolean> BACKUP_ALLOW_SAME_DEVICE =
      Key.optional("backup.allow_same_device", BOOLEAN, c -> c.backup().allowSameDevice())
          .withDefault("false");
  /** The most a backup run reads per second from the store, on average. */
  static final Key<Long> BACKUP_RATE =
      Key.optional("backup.rate", SIZE, c -> c.backup().rate())
          .withDefault("100M")
          .within("16K", "64G");

  static final Key<HardwareMode> HARDWARE_MODE_KEY =
      Key.optional("hardware.mode", HARDWARE_MODE, c -> c.hardware().mode()).withDefault("real");
  /** Stands in for {@code /} when reading proc, sys and dev (tests, recorded trees). */
  static final Key<Path> HARDWARE_ROOT =
      Key.optional("hardware.root", PATH, c -> c.hardware().root()).withDefault("/");
  static final Key<Path> HARDWARE_SIM_DIR =
      Key.optional("hardware.sim.dir", PATH, c -> c.hardware().simDir().orElse(null));
  static final Key<Duration> HARDWARE_POLL =
      Key.optional("hardware.poll", DURATION, c -> c.hardware().poll())
          .withDefault("10s")
          .within("1s", "1h");
  /** Readings in a row that must show a hardware fault before it is alerted (flapping). */
  static final Key<Integer> HARDWARE_DEBOUNCE =
      Key.optional("hardware.debounce", INT, c -> c.hardware().debounce())
          .withDefault("3")
          .within("1", "100");
  /** The longest a hardware tool may run before it is killed and its part marked unknown. */
  static final Key<Duration> HARDWARE_TIMEOUT =
      Key.optional("hardware.timeout", DURATION, c -> c.hardware().timeout())
          .withDefault("30s")
          .within("1s", "10m");
  /** SMART is read less often than the rest: it can wake and slow disks. */
  static final Key<Duration> SMART_POLL =
      Key.optional("smart.poll", DURATION, c -> c.hardware().smartPoll())
          .withDefault("30m")
          .within("10s", "7d");
  static final Key<List<String>> MDADM_COMMAND =
      Key.optional("mdadm.command", COMMAND, c -> c.hardware().mdadmCommand())
          .withDefault("mdadm");
  static final Key<List<String>> SMART_COMMAND =
      Key.optional("smart.command", COMMAND, c -> c.hardware().smartCommand())
          .withDefault("smartctl");
  /** This appliance's own BMC (power supplies, sensors, the event log); unset: not read. */
  static final Key<List<String>> IPMI_COMMAND =
      Key.optional("ipmi.command", COMMAND, c -> c.hardware().ipmiCommand().orElse(null));
  static final Key<Path> FRONTPANEL_DEVICE =
      Key.optional("frontpanel.device", PATH, c -> c.frontPanel().device().orElse(null));
  static final Key<Integer> FRONTPANEL_BAUD =
      Key.optional("frontpanel.baud", INT, c -> c.frontPanel().baud())
          .withDefault("19200")
          .within("1200", "115200");
  /** Run (never waited on) for each alert raised or cleared, the alert in its environment. */
  static final Key<List<String>> ALERT_HOOK =
      Key.optional("alert.hook", COMMAND, c -> c.alert().hook().orElse(null));
  /** How often an alert still open is told again to the panel, the BMC log and the hook. */
  static final Key<Duration> ALERT_RENOTIFY =
      Key.optional("alert.renotify", DURATION, c -> c.alert().renotify())
          .withDefault("24h")
          .within("1m", "30d");
  /** The highest bay number {@code bays.N} may name. */
  static final int MAX_BAYS = 64;
  /** {@code bays.1} .. {@code bays.64}: the disk each bay holds, by its by-path link. */
  static final List<Key<String>> BAYS = java.util.stream.IntStream.rangeClosed(1, MAX_BAYS)
      .mapToObj(bay -> Key.optional("bays." + bay, DEVICE,
          c -> c.hardware().bays().get(bay)))
      .toList();

  /** Every key, in the order {@link ApplianceConfig#describe()} prints them. */
  static final List<Key<?>> ALL = java.util.stream.Stream.concat(
      Stream.of(
          APPLIANCE_NAME_KEY, ROLE_INITIAL, STORE_ROOT, STORE_STATE, STORE_MIN_FREE, USERS_FILE,
          LMTP_LISTEN, LMTP_MAX_MESSAGE_SIZE, LMTP_MAX_RECIPIENTS, LMTP_MAX_CONNECTIONS,
          LMTP_MAX_CONNECTIONS_PER_IP, LMTP_IDLE_TIMEOUT, LMTP_MAX_INVALID_COMMANDS,
          LMTP_MAX_LINE_LENGTH, IMAP_LISTEN, IMAP_TLS_LISTEN, IMAP_TLS_KEYSTORE,
          IMAP_TLS_PASSWORD_FILE, IMAP_PLAINTEXT_AUTH, IMAP_PROXY_USERS, IMAP_MAX_CONNECTIONS,
          IMAP_MAX_CONNECTIONS_PER_IP, IMAP_IDLE_TIMEOUT, IMAP_LOGIN_TIMEOUT,
          IMAP_MAX_INVALID_COMMANDS, IMAP_MAX_APPEND_SIZE, IMAP_MAX_LOGIN_FAILURES,
          IMAP_LOGIN_FAILURE_WINDOW, IMAP_HEADER_CACHE, ADMIN_LISTEN, JOURNAL_SEGMENT_SIZE,
          JOURNAL_FSYNC_WARN, JOURNAL_MAX_BATCH, JOURNAL_KEEP, INDEX_CACHE_SIZE, REPLICATION_LISTEN,
          REPLICATION_PEER, REPLICATION_TLS_PEER_CERT, REPLICATION_ACK, REPLICATION_ACK_TIMEOUT,
          REPLICATION_UNREACHABLE, REPLICATION_TIMEOUT, REPLICATION_LAG_ALERT,
          REPLICATION_VERIFY_INTERVAL, PEER_IPMI_COMMAND, SCRUB_RATE,
          SCRUB_INTERVAL, BACKUP_TARGET, BACKUP_RETENTION_DELETED, BACKUP_MAX_AGE,
          BACKUP_SKIP_WHILE_REBUILDING, BACKUP_ALLOW_SAME_DEVICE, BACKUP_RATE,
          HARDWARE_MODE_KEY, HARDWARE_ROOT, HARDWARE_SIM_DIR, HARDWARE_POLL,
          HARDWARE_DEBOUNCE, HARDWARE_TIMEOUT, SMART_POLL, MDADM_COMMAND, SMART_COMMAND,
          IPMI_COMMAND, FRONTPANEL_DEVICE, FRONTPANEL_BAUD, ALERT_HOOK, ALERT_RENOTIFY),
      BAYS.stream()).collect(Collectors.toUnmodifiableList());

  private static final Map<String, Key<?>> BY_NAME =
      ALL.stream().collect(Collectors.toUnmodifiableMap(Key::name, key -> key));

  private ConfigKeys() {}

  static Optional<Key<?>> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  static List<String> names() {
    return ALL.stream().map(Key::name).collect(Collectors.toUnmodifiableList());
  }

  /** Every key of the given type, in table order; the cast is safe because types are singletons. */
  @SuppressWarnings("unchecked")
  static <T> List<Key<T>> ofType(ValueType<T> type) {
    return ALL.stream()
        .filter(key -> key.type() == type)
        .map(key -> (Key<T>) key)
        .collect(Collectors.toUnmodifiableList());
  }
}
