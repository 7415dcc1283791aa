package io.tandem.config;

import static io.tandem.config.ConfigLoaderTest.MINIMAL;
import static io.tandem.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** replication.listen, replication.peer and replication.tls.peer_cert. */
class ReplicationConfigTest {
  private static final String PIN = "replication.tls.peer_cert = partner.crt\n";

  @Test
  void absentMeansNoPeerLink() throws ConfigException {
    ApplianceConfig.Replication replication = parse(MINIMAL).replication();

    assertThat(replication.listen()).isEmpty();
    assertThat(replication.peer()).isEmpty();
    assertThat(replication.tls().peerCert()).isEmpty();
    assertThat(replication.enabled()).isFalse();
    assertThat(parse(MINIMAL).describe()).doesNotContain("replication.listen")
        .doesNotContain("replication.peer").doesNotContain("replication.tls");
    assertThat(replication.ack()).isEqualTo(AckMode.LOCAL);
    assertThat(replication.unreachable()).isEqualTo(UnreachablePolicy.TEMPFAIL);
    assertThat(replication.ackTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(replication.timeout()).isEqualTo(java.time.Duration.ofSeconds(10));
  }

  @Test
  void readsAddressesAndAPinRelativeToTheConfigFile() throws ConfigException {
    ApplianceConfig.Replication replication = parse(MINIMAL
        + "replication.listen = 0.0.0.0:7425\nreplication.peer = [fd00::2]:7425\n" + PIN)
        .replication();

    assertThat(replication.listen()).contains(new ListenAddress("0.0.0.0", 7425));
    assertThat(replication.peer()).contains(new ListenAddress("fd00::2", 7425));
    assertThat(replication.tls().peerCert()).contains(Path.of("/etc/tandem/partner.crt"));
    assertThat(replication.enabled()).isTrue();
  }

  @Test
  void describeIncludesSetKeysAndLoadsBack() throws ConfigException {
    ApplianceConfig config = parse(MINIMAL + "replication.peer = mail-b.lan:7425\n" + PIN);

    assertThat(config.describe())
        .contains("replication.peer = mail-b.lan:7425\n"
            + "replication.tls.peer_cert = /etc/tandem/partner.crt\n")
        .doesNotContain("replication.listen");
    assertThat(parse(config.describe())).isEqualTo(config);
  }

  @Test
  void readsTheAckModeAndItsPolicy() throws ConfigException {
    ApplianceConfig.Replication replication = parse(MINIMAL + "replication.ack = peer\n"
        + "replication.ack_timeout = 250ms\nreplication.unreachable = local\n").replication();

    assertThat(replication.ack()).isEqualTo(AckMode.PEER);
    assertThat(replication.ackTimeout()).isEqualTo(java.time.Duration.ofMillis(250));
    assertThat(replication.unreachable()).isEqualTo(UnreachablePolicy.LOCAL);
  }

  @Test
  void anUnknownAckModeNamesTheWordsItTakes() {
    assertThatThrownBy(() -> parse(MINIMAL + "replication.ack = both\n"))
        .hasMessageContaining("appliance.conf:4: replication.ack")
        .hasMessageContaining("expected 'local' or 'peer', got 'both'");
    assertThatThrownBy(() -> parse(MINIMAL + "replication.unreachable = ignore\n"))
        .hasMessageContaining("expected 'tempfail' or 'local', got 'ignore'");
  }

  @Test
  void aPinAloneIsAllowed() throws ConfigException {
    assertThat(parse(MINIMAL + PIN).replication().tls().peerCert()).isPresent();
  }

  @Test
  void aPeerLinkWithoutAPinIsAContradictionAtTheLaterKey() {
    assertThatThrownBy(() -> parse(MINIMAL + "replication.peer = 10.0.0.2:7425\n"))
        .hasMessage("appliance.conf:4: replication.peer: the peer link needs the partner's"
            + " certificate, but replication.tls.peer_cert is not set; run 'tandem tls init' on"
            + " the partner, copy its appliance.crt to this appliance and set"
            + " replication.tls.peer_cert to that file");
    assertThatThrownBy(() -> parse(MINIMAL
        + "replication.peer = 10.0.0.2:7425\nreplication.listen = 0.0.0.0:7425\n"))
        .hasMessageStartingWith("appliance.conf:5: replication.listen: the peer link needs");
    assertThatThrownBy(() -> parse(
        "replication.listen = 0.0.0.0:7425\n" + MINIMAL))
        .hasMessageStartingWith("appliance.conf:1: replication.listen: the peer link needs");
  }

  @Test
  void replicationListenTakesPartInListenerClashes() {
    assertThatThrownBy(() -> parse(MINIMAL + PIN + "replication.listen = 127.0.0.1:9925\n"))
        .hasMessage("appliance.conf:5: replication.listen: 127.0.0.1:9925 conflicts with"
            + " admin.listen 127.0.0.1:9925 (the default); each listener needs its own address");
    assertThatThrownBy(() -> parse(
        "replication.listen = 0.0.0.0:2525\n" + MINIMAL + PIN + "lmtp.listen = 127.0.0.1:2525\n"))
        .hasMessage("appliance.conf:6: lmtp.listen: 127.0.0.1:2525 conflicts with"
            + " replication.listen 0.0.0.0:2525 (line 1); each listener needs its own address");
  }

  @Test
  void thePeerIsNotAListener() throws ConfigException {
    ApplianceConfig config = parse(MINIMAL + PIN + "replication.peer = 127.0.0.1:2424\n");
    assertThat(config.replication().peer()).contains(new ListenAddress("127.0.0.1", 2424));
  }

  @Test
  void thePeerNeedsARealHostAndPort() {
    assertThatThrownBy(() -> parse(MINIMAL + PIN + "replication.peer = 10.0.0.2:0\n"))
        .hasMessage("appliance.conf:5: replication.peer: expected the partner's port (its"
            + " replication.listen port), got '10.0.0.2:0' (port 0 cannot be connected to)");
    assertThatThrownBy(() -> parse(MINIMAL + PIN + "replication.peer = 0.0.0.0:7425\n"))
        .hasMessageContaining("(a wildcard address cannot be connected to)");
    assertThatThrownBy(() -> parse(MINIMAL + PIN + "replication.peer = mail-b\n"))
        .hasMessageContaining("replication.peer: expected host:port");
  }

  @Test
  void thePeerMustNotBeThisAppliancesOwnListener() {
    assertThatThrownBy(() -> parse(MINIMAL + PIN
        + "replication.listen = 10.0.0.1:7425\nreplication.peer = 10.0.0.1:7425\n"))
        .hasMessage("appliance.conf:6: replication.peer: 10.0.0.1:7425 is the same address as"
            + " replication.listen 10.0.0.1:7425 (line 5); replication.peer is the partner's"
            + " replication.listen, not this appliance's");
  }

  @Test
  void aWildcardListenerAndAPartnerOnTheSamePortAreFine() throws ConfigException {
    ApplianceConfig config = parse(MINIMAL + PIN
        + "replication.listen = 0.0.0.0:7425\nreplication.peer = 10.0.0.2:7425\n");
    assertThat(config.replication().peer()).isEqualTo(
        Optional.of(new ListenAddress("10.0.0.2", 7425)));
  }

  @Test
  void misspeltReplicationKeysGetASuggestion() {
    assertThatThrownBy(() -> parse(MINIMAL + "replication.tls.peer_crt = x.crt\n"))
        .hasMessage("appliance.conf:4: unknown key 'replication.tls.peer_crt'"
            + " (did you mean 'replication.tls.peer_cert'?)");
    assertThatThrownBy(() -> parse(MINIMAL + "replication.peers = 10.0.0.2:7425\n"))
        .hasMessageContaining("(did you mean 'replication.peer'?)");
    assertThatThrownBy(() -> parse(MINIMAL + "replication.lsiten = 10.0.0.2:7425\n"))
        .hasMessageContaining("(did you mean 'replication.listen'?)");
  }
}
