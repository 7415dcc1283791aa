package io.tandem.config;

import static io.tandem.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigValidatorTest {
  private static final String NAME = "appliance.name = a\n";
  private static final String STORE = "store.root = /srv/mail\nstore.state = /var/lib/tandem\n";

  @Test
  void listenerOnTheDefaultOfAnotherIsAContradiction() {
    assertThatThrownBy(() -> parse(NAME + STORE + "admin.listen = 127.0.0.1:2424"))
        .hasMessage(
            "appliance.conf:4: admin.listen: 127.0.0.1:2424 conflicts with lmtp.listen"
                + " 127.0.0.1:2424 (the default); each listener needs its own address");
  }

  @Test
  void listenerConflictIsReportedAtTheLaterLine() {
    String text = NAME + "admin.listen = [::1]:25\n" + STORE + "lmtp.listen = [::1]:25\n";
    assertThatThrownBy(() -> parse(text))
        .hasMessage(
            "appliance.conf:5: lmtp.listen: [::1]:25 conflicts with admin.listen [::1]:25"
                + " (line 2); each listener needs its own address");
  }

  @Test
  void wildcardListenerConflictsWithAnyHostOnItsPort() {
    String text = NAME + STORE + "lmtp.listen = 0.0.0.0:9925\n";
    assertThatThrownBy(() -> parse(text))
        .hasMessage(
            "appliance.conf:4: lmtp.listen: 0.0.0.0:9925 conflicts with admin.listen"
                + " 127.0.0.1:9925 (the default); each listener needs its own address");
  }

  @Test
  void portZeroMayRepeat() throws ConfigException {
    String text = NAME + STORE + "lmtp.listen = 127.0.0.1:0\nadmin.listen = 127.0.0.1:0\n";
    assertThat(parse(text).admin().listen().port()).isZero();
  }

  @Test
  void samePortOnDifferentHostsIsFine() throws ConfigException {
    String text = NAME + STORE + "lmtp.listen = 127.0.0.1:2424\nadmin.listen = 127.0.0.2:2424\n";
    assertThat(parse(text).admin().listen().host()).isEqualTo("127.0.0.2");
  }

  @Test
  void perIpLimitAboveTheTotalIsAContradiction() {
    assertThatThrownBy(() -> parse(NAME + STORE + "lmtp.max_connections_per_ip = 300"))
        .hasMessage(
            "appliance.conf:4: lmtp.max_connections_per_ip: 300 must not exceed"
                + " lmtp.max_connections, which is 200 (the default)");
  }

  @Test
  void totalBelowThePerIpLimitIsReportedAtTheTotal() {
    assertThatThrownBy(() -> parse(NAME + STORE + "lmtp.max_connections = 40"))
        .hasMessage(
            "appliance.conf:4: lmtp.max_connections: 40 must not be less than"
                + " lmtp.max_connections_per_ip, which is 50 (the default)");
    String both = NAME + "lmtp.max_connections_per_ip = 20\n" + STORE + "lmtp.max_connections = 10";
    assertThatThrownBy(() -> parse(both))
        .hasMessage(
            "appliance.conf:5: lmtp.max_connections: 10 must not be less than"
                + " lmtp.max_connections_per_ip, which is 20 (line 2)");
  }

  @Test
  void perIpLimitEqualToTheTotalIsFine() throws ConfigException {
    String text = NAME + STORE + "lmtp.max_connections = 7\nlmtp.max_connections_per_ip = 7\n";
    assertThat(parse(text).lmtp().maxConnectionsPerIp()).isEqualTo(7);
  }

  @Test
  void stateInsideRootIsAContradiction() {
    assertThatThrownBy(() -> parse(NAME + "store.root = /srv/mail\nstore.state = /srv/mail/state"))
        .hasMessage(
            "appliance.conf:3: store.state: '/srv/mail/state' is inside store.root '/srv/mail'"
                + " (line 2); mail folders and the journal must be kept apart");
  }

  @Test
  void rootInsideStateIsReportedAtTheLaterKey() {
    assertThatThrownBy(() -> parse(NAME + "store.state = /var/t\nstore.root = /var/t/mail"))
        .hasMessage(
            "appliance.conf:3: store.root: '/var/t/mail' is inside store.state '/var/t'"
                + " (line 2); mail folders and the journal must be kept apart");
  }

  @Test
  void laterKeyContainingTheEarlierIsAContradiction() {
    assertThatThrownBy(() -> parse(NAME + "store.state = /srv/state\nstore.root = /srv"))
        .hasMessage(
            "appliance.conf:3: store.root: '/srv' contains store.state '/srv/state'"
                + " (line 2); mail folders and the journal must be kept apart");
    assertThatThrownBy(() -> parse(NAME + "store.root = /srv/mail\nstore.state = /srv"))
        .hasMessage(
            "appliance.conf:3: store.state: '/srv' contains store.root '/srv/mail'"
                + " (line 2); mail folders and the journal must be kept apart");
  }

  @Test
  void sameDirectoryForBothIsAContradiction() {
    assertThatThrownBy(() -> parse(NAME + "store.root = /srv\nstore.state = /srv/x/.."))
        .hasMessage(
            "appliance.conf:3: store.state: '/srv' is the same directory as store.root '/srv'"
                + " (line 2); mail folders and the journal must be kept apart");
  }

  @Test
  void nestingIsJudgedAfterRelativePathsAreResolved() {
    assertThatThrownBy(() -> parse(NAME + "store.root = mail\nstore.state = ./mail/../mail/st"))
        .hasMessageStartingWith(
            "appliance.conf:3: store.state: '/etc/tandem/mail/st' is inside store.root"
                + " '/etc/tandem/mail' (line 2)");
  }

  @Test
  void siblingsWithACommonPrefixAreFine() throws ConfigException {
    ApplianceConfig config = parse(NAME + "store.root = /srv/mail\nstore.state = /srv/mail-state");
    assertThat(config.store().state().toString()).isEqualTo("/srv/mail-state");
  }
}
