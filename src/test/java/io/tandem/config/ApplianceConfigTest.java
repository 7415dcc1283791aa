package io.tandem.config;

import static io.tandem.config.ConfigLoaderTest.MINIMAL;
import static io.tandem.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApplianceConfigTest {

  @Test
  void describeListsEveryKeyWithItsEffectiveValue() throws ConfigException {
    assertThat(parse(MINIMAL + "lmtp.max_message_size = 10240K").describe())
        .isEqualTo(
            """
            appliance.name = box-a
            role.initial = primary
            store.root = /srv/mail
            store.state = /var/lib/tandem
            store.min_free = 256M
            users.file = /var/lib/tandem/users
            lmtp.listen = 127.0.0.1:2424
            lmtp.max_message_size = 10M
            lmtp.max_recipients = 100
            lmtp.max_connections = 200
            lmtp.max_connections_per_ip = 50
            lmtp.idle_timeout = 5m
            lmtp.max_invalid_commands = 10
            lmtp.max_line_length = 4K
            imap.listen = 127.0.0.1:1143
            imap.plaintext_auth = tls-or-loopback
            imap.max_connections = 2000
            imap.max_connections_per_ip = 500
            imap.idle_timeout = 30m
            imap.login_timeout = 1m
            imap.max_invalid_commands = 20
            imap.max_append_size = 50M
            imap.max_login_failures = 5
            imap.login_failure_window = 15m
            imap.header_cache = 32M
            admin.listen = 127.0.0.1:9925
            journal.segment_size = 64M
            journal.fsync_warn = 1s
            journal.max_batch = 512
            journal.keep = 7d
            index.cache_size = 256
            replication.ack = local
            replication.ack_timeout = 5s
            replication.unreachable = tempfail
            replication.timeout = 10s
            replication.lag_alert = 5s
            replication.verify_interval = 1d
            scrub.rate = 50M
            scrub.interval = 0s
            backup.retention.deleted = 7d
            backup.max_age = 36h
            backup.skip_while_rebuilding = true
            backup.allow_same_device = false
            backup.rate = 100M
            hardware.mode = real
            hardware.root = /
            hardware.poll = 10s
            hardware.debounce = 3
            hardware.timeout = 30s
            smart.poll = 30m
            mdadm.command = mdadm
            smart.command = smartctl
            frontpanel.baud = 19200
            alert.renotify = 1d
            """);
  }

  @Test
  void describeOutputLoadsBackToAnEqualConfig() throws ConfigException {
    ApplianceConfig config =
        parse(
            MINIMAL
                + "role.initial = replica\nlmtp.listen = [::1]:0\nlmtp.idle_timeout = 1500ms\n"
                + "store.min_free = 1000\njournal.fsync_warn = 90s\n");
    assertThat(parse(config.describe())).isEqualTo(config);
  }
}
