#!/bin/sh
# Chassis control for ipmi_sim (lan.conf: chassis_control "chassisctl.sh STATEDIR 0x20").
# Usage: chassisctl.sh STATEDIR DEVICE get|set|check PARAM [VALUE] ...
# The power state is kept in STATEDIR/power (1 on, 0 off; on at first); every set is appended
# to STATEDIR/chassis.log so that a test can see what the BMC was asked to do.
state=$1; shift 2; op=$1; shift
[ -f "$state/power" ] || echo 1 > "$state/power"
case $op in
  get)
    for param in "$@"; do
      case $param in
        power) echo "power:$(cat "$state/power")" ;;
        boot) echo "boot:default" ;;
        *) echo "Invalid parameter: $param"; exit 1 ;;
      esac
    done ;;
  set)
    echo "$(date +%s) set $*" >> "$state/chassis.log"
    while [ $# -gt 1 ]; do
      param=$1; value=$2; shift 2
      case $param in
        power) echo "$value" > "$state/power" ;;
        reset|boot|identify) ;;
        *) echo "Invalid parameter: $param"; exit 1 ;;
      esac
    done ;;
  check) ;;
  *) exit 1 ;;
esac
