package io.tandem.config;

import static io.tandem.config.ConfigLoaderTest.MINIMAL;
import static io.tandem.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** peer.ipmi.command. */
class PeerConfigTest {

  @Test
  void absentMeansThePartnerCannotBeFenced() throws ConfigException {
    ApplianceConfig config = parse(MINIMAL);

    assertThat(config.peer().ipmiCommand()).isEmpty();
    assertThat(config.describe()).doesNotContain("peer.ipmi.command");
  }

  @Test
  void isSplitIntoWordsLikeAShellWould() throws ConfigException {
    ApplianceConfig config = parse(MINIMAL + "peer.ipmi.command = ipmitool -I lanplus -H"
        + " 10.0.0.2 -U admin -f '/etc/tandem/bmc password' -C 3  # the partner's BMC\n");

    assertThat(config.peer().ipmiCommand()).contains(List.of("ipmitool", "-I", "lanplus", "-H",
        "10.0.0.2", "-U", "admin", "-f", "/etc/tandem/bmc password", "-C", "3"));
  }

  @Test
  void describeLoadsBackToTheSameWords() throws ConfigException {
    ApplianceConfig config = parse(MINIMAL
        + "peer.ipmi.command = ipmitool -H bmc-b.lan -U \"ad min\" -E\n");

    assertThat(config.describe())
        .contains("peer.ipmi.command = ipmitool -H bmc-b.lan -U 'ad min' -E\n");
    assertThat(parse(config.describe())).isEqualTo(config);
  }

  @Test
  void badQuotingIsAConfigErrorWithFileLineAndReason() {
    String text = MINIMAL + "peer.ipmi.command = ipmitool -H 10.0.0.2 -P 'pass #1'\n";
    int line = (int) text.lines().count();

    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("appliance.conf:" + line + ": peer.ipmi.command: unterminated single"
            + " quote at column 25")
        .hasMessageContaining("a '#' after a blank starts a comment");
  }

  @Test
  void shellSyntaxIsAConfigError() {
    String text = MINIMAL + "peer.ipmi.command = ipmitool -H 10.0.0.2 chassis status | grep on\n";

    assertThatThrownBy(() -> parse(text))
        .hasMessageContaining(": peer.ipmi.command: unquoted '|' at column 37: no shell runs"
            + " this command");
  }
}
