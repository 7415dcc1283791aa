package io.tandem.fence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A shell script standing in for ipmitool, for the BMC behaviours ipmi_sim cannot play: it
 * answers {@code ... chassis power off|status} with ipmitool's wording (see {@code
 * test-hardware/ipmi/recorded/}) as the file {@code mode} next to it says, keeps the power in
 * {@code power} and appends each request's last word to {@code calls}.
 */
final class FakeIpmitool {
  static final String SCRIPT = """
      #!/bin/sh
      # stands in for: ipmitool -H bmc.test -U admin -P secret chassis power off|status
      here=$(dirname "$0")
      mode=$(cat "$here/mode")
      eval last=\\${$#}
      echo "$last" >> "$here/calls"
      case $mode in
        hang) sleep 30 ;;
        no-session) echo 'Error: Unable to establish IPMI v2 / RMCP+ session' >&2; exit 1 ;;
      esac
      if [ "$last" = off ]; then
        case $mode in
          refuses-when-off) echo 'Set Chassis Power Control to Down/Off failed: Command not supported in present state' >&2; exit 1 ;;
          refuses) echo 'Set Chassis Power Control to Down/Off failed: Insufficient privilege level' >&2; exit 1 ;;
        esac
        echo off > "$here/power"
        echo 'Chassis Power Control: Down/Off'
      else
        case $mode in
          stays-on) echo 'Chassis Power is on' ;;
          refuses-when-off) echo 'Chassis Power is off' ;;
          refuses) echo 'Chassis Power is on' ;;
          garbled) echo 'Chassis Power is maybe' ;;
          slow) n=$(grep -c status "$here/calls"); if [ "$n" -ge 3 ]; then echo 'Chassis Power is off'; else echo 'Chassis Power is on'; fi ;;
          *) echo "Chassis Power is $(cat "$here/power" 2>/dev/null || echo on)" ;;
        esac
      fi
      """;

  private FakeIpmitool() {}

  /** Writes the script as {@code dir/ipmitool} with mode {@code normal}; returns its path. */
  static Path install(Path dir) throws Exception {
    Path tool = dir.resolve("ipmitool");
    Files.writeString(tool, SCRIPT);
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    mode(dir, "normal");
    return tool;
  }

  /** Sets how the next requests are answered. */
  static void mode(Path dir, String mode) throws Exception {
    Files.writeString(dir.resolve("mode"), mode);
  }
}
