package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

  @Test
  void namesAreUniqueLowerCaseAndSectioned() {
    assertThat(new HashSet<>(ConfigKeys.names())).hasSameSizeAs(ConfigKeys.ALL);
    assertThat(ConfigKeys.names())
        .allMatch(name -> name.matches("[a-z]+(\\.[a-z_]+)+|bays\\.[1-9][0-9]*"));
  }

  @Test
  void exactlyTheRequiredKeysHaveNoDefault() {
    Set<Key<?>> mayStayUnset = Set.of(ConfigKeys.USERS_FILE, ConfigKeys.REPLICATION_LISTEN,
        ConfigKeys.REPLICATION_PEER, ConfigKeys.REPLICATION_TLS_PEER_CERT,
        ConfigKeys.PEER_IPMI_COMMAND, ConfigKeys.HARDWARE_SIM_DIR, ConfigKeys.IPMI_COMMAND,
        ConfigKeys.FRONTPANEL_DEVICE, ConfigKeys.ALERT_HOOK, ConfigKeys.IMAP_TLS_LISTEN,
        ConfigKeys.IMAP_TLS_KEYSTORE, ConfigKeys.IMAP_TLS_PASSWORD_FILE,
        ConfigKeys.IMAP_PROXY_USERS, ConfigKeys.BACKUP_TARGET);
    for (Key<?> key : ConfigKeys.ALL) {
      if (key.required()) {
        assertThat(key.defaultValue()).as(key.name()).isNull();
      } else if (!mayStayUnset.contains(key) && !ConfigKeys.BAYS.contains(key)) {
        assertThat(key.defaultValue()).as(key.name()).isNotNull();
      }
    }
    assertThat(ConfigKeys.ALL.stream().filter(Key::required).map(Key::name))
        .containsExactly("appliance.name", "store.root", "store.state");
  }

  @Test
  void defaultsAreWithinTheirRanges() {
    for (Key<?> key : ConfigKeys.ALL) {
      assertThat(inRange(key)).as(key.name()).isTrue();
    }
  }

  private static <T> boolean inRange(Key<T> key) {
    return key.defaultValue() == null || key.rangeProblem(key.defaultValue()).isEmpty();
  }

  @Test
  void findsKeysByExactName() {
    assertThat(ConfigKeys.find("lmtp.listen")).contains(ConfigKeys.LMTP_LISTEN);
    assertThat(ConfigKeys.find("LMTP.LISTEN")).isEmpty();
  }

  @Test
  void listsKeysOfAType() {
    assertThat(ConfigKeys.ofType(ValueTypes.LISTEN))
        .containsExactly(
            ConfigKeys.LMTP_LISTEN, ConfigKeys.IMAP_LISTEN, ConfigKeys.IMAP_TLS_LISTEN,
            ConfigKeys.ADMIN_LISTEN, ConfigKeys.REPLICATION_LISTEN);
  }

  @Test
  void reportsRangeProblemsWithBounds() {
    assertThat(ConfigKeys.LMTP_MAX_MESSAGE_SIZE.rangeProblem(3L << 30))
        .contains("must be between 1K and 2G");
    assertThat(ConfigKeys.LMTP_MAX_MESSAGE_SIZE.rangeProblem(2L << 30)).isEmpty();
    assertThat(ConfigKeys.LMTP_MAX_MESSAGE_SIZE.rangeProblem(1024L)).isEmpty();
    assertThat(ConfigKeys.LMTP_MAX_MESSAGE_SIZE.rangeProblem(1023L)).isPresent();
  }
}
