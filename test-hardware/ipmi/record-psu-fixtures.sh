#!/bin/bash
# Records what ipmitool prints about power supplies, against OpenIPMI's ipmi_sim with the
# sensors of psubmc.emu / psubmc.sdrs, flipped through the simulator's console (its standard
# input) between the recordings. Writes recorded/psu/*.stdout (exact standard output of one
# ipmitool call; *.stderr for failures). Usage: record-psu-fixtures.sh [OUTDIR]
# Needs: ipmi_sim and sdrcomp (Debian openipmi), ipmitool. Takes a few seconds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/recorded/psu}
mkdir -p "$out"
export LC_ALL=C
run=$(mktemp -d)
sim=
cleanup() { [ -n "$sim" ] && kill "$sim" 2>/dev/null; wait 2>/dev/null; rm -rf "$run"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start VARIANT SED-EXPRESSION...: compiles the (edited) SDRs and starts the simulator
start() {
  local variant=$1; shift
  stop
  local dir=$run/$variant
  mkdir -p "$dir/state/ipmi_sim/peerbmc"
  sed "$@" "$here/psubmc.sdrs" > "$dir/bmc.sdrs"
  sed "$@" "$here/psubmc.emu" > "$dir/bmc.emu"
  sdrcomp -o "$dir/state/ipmi_sim/peerbmc/sdr.20.main" "$dir/bmc.sdrs"
  port=$(free_port)
  sed -e "s/@PORT@/$port/" -e "s#@CHASSISCTL@#$here/chassisctl.sh $dir#" "$here/lan.conf" > "$dir/lan.conf"
  mkfifo "$dir/console"
  ipmi_sim -c "$dir/lan.conf" -f "$dir/bmc.emu" -s "$dir/state" < "$dir/console" > "$dir/sim.log" 2>&1 &
  sim=$!
  exec 3> "$dir/console"
  for _ in $(seq 50); do ipmi mc info > /dev/null 2>&1 && return 0; sleep 0.1; done
  echo "ipmi_sim did not answer" >&2; cat "$dir/sim.log" >&2; exit 1
}
stop() { if [ -n "$sim" ]; then exec 3>&-; kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; sim=; fi; }
ipmi() { ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p "$port" -U admin -P password "$@"; }
# console "command" ...: what a technician (or the IT) types into ipmi_sim
console() { for c in "$@"; do printf '%s\n' "$c" >&3; done; sleep 0.3; }
# sdr_psu NAME: the exact output of sdr type "Power Supply" (and its error output, if any)
sdr_psu() { local name=$1; set +e; ipmi sdr type "Power Supply" > "$out/$name.stdout" 2> "$out/$name.stderr"; local rc=$?; set -e
  [ -s "$out/$name.stderr" ] || rm -f "$out/$name.stderr"; echo "$name: exit $rc"; }

healthy=("sensor_set_bit_clr_rest 0x20 0 0xc8 0 1 0" "sensor_set_bit_clr_rest 0x20 0 0xc9 0 1 0"
         "sensor_set_bit_clr_rest 0x20 0 0x77 0 1 0")
lost="sensor_set_bit_clr_rest 0x20 0 0x77 1 1 1"

# --- this appliance's layout: PS1 Status C8h 10.1, PS2 Status C9h 10.2, PS Redundancy 77h 7.1
start generic -e ''
sdr_psu both-ok
console "sensor_set_bit 0x20 0 0xc9 1 1 1" "$lost";   sdr_psu psu2-failed
console "${healthy[@]}" "sensor_set_bit 0x20 0 0xc9 3 1 1" "$lost";   sdr_psu psu2-ac-lost
console "${healthy[@]}" "sensor_set_bit 0x20 0 0xc9 2 1 1";   sdr_psu psu2-predictive-failure
console "${healthy[@]}" "sensor_set_bit 0x20 0 0xc9 0 0 1" "$lost";   sdr_psu psu2-absent
console "${healthy[@]}" "$lost";   sdr_psu redundancy-lost
console "${healthy[@]}" "sensor_set_bit 0x20 0 0xc9 5 1 1" "sensor_set_bit_clr_rest 0x20 0 0x77 2 1 1"
sdr_psu psu2-ac-out-of-range
console "${healthy[@]}" "sensor_set_bit 0x20 0 0xc9 4 1 1" "$lost";   sdr_psu psu2-ac-lost-or-out-of-range
console "${healthy[@]}" "sensor_set_bit 0x20 0 0xc9 6 1 1" "$lost";   sdr_psu psu2-config-error
console "${healthy[@]}" "sensor_set_bit 0x20 0 0xc9 7 1 1" "sensor_set_bit_clr_rest 0x20 0 0x77 5 1 1"
sdr_psu psu2-inactive
console "${healthy[@]}" "sensor_set_bit 0x20 0 0xc9 1 1 1" "sensor_set_bit 0x20 0 0xc9 3 1 1" "$lost"
sdr_psu psu2-failed-and-ac-lost
console "${healthy[@]}" "sensor_set_bit 0x20 0 0xc8 2 1 1" "sensor_set_bit 0x20 0 0xc9 3 1 1" "$lost"
sdr_psu psu1-predictive-psu2-ac-lost
console "sensor_set_bit 0x20 0 0xc8 0 0 1" "sensor_set_bit 0x20 0 0xc8 2 0 1" "sensor_set_bit 0x20 0 0xc9 0 0 1" \
        "sensor_set_bit 0x20 0 0xc9 3 0 1" "sensor_set_bit_clr_rest 0x20 0 0x77 5 1 1"
sdr_psu both-absent
console "${healthy[@]}" "sensor_set_bit 0x20 0 0xc9 1 1 1" "$lost"
set +e; ipmi sensor > "$out/sensor-psu2-failed.stdout" 2>/dev/null; set -e; echo "sensor-psu2-failed: listed"
set +e; ipmi -P wrong sdr type "Power Supply" > /dev/null 2> "$out/wrong-password.stderr"; echo "wrong-password: exit $?"; set -e

# --- Dell-style: every PSU sensor is named "Status" (notes 2.7: `Status | 63h | ok | 10.2 |
# Presence detected, Power Supply AC lost`), numbered 62h/63h; PS Redundancy 77h 7.1
start dell -e 's/"PS[12] Status"/"Status"/' -e 's/0xc8/0x62/' -e 's/0xc9/0x63/'
sdr_psu dell-both-ok
console "sensor_set_bit 0x20 0 0x63 3 1 1" "$lost";   sdr_psu dell-psu2-ac-lost

# --- HPE-style names "Power Supply 1/2" (notes 2.7: HP iLO `Power Supply 1 | 0x00 | ok` in
# sdr list); no redundancy sensor (its HPE name is not known here)
start hpe -e 's/"PS\([12]\) Status"/"Power Supply \1"/' -e '/^# the redundancy/,$d'
sdr_psu hpe-both-ok
console "sensor_set_bit 0x20 0 0xc8 1 1 1";   sdr_psu hpe-psu1-failed

# --- a BMC without power supply sensors (the partner's BMC of the fencing tests)
stop
dir=$run/none; mkdir -p "$dir/state"; port=$(free_port)
sed -e "s/@PORT@/$port/" -e "s#@CHASSISCTL@#$here/chassisctl.sh $dir#" "$here/lan.conf" > "$dir/lan.conf"
ipmi_sim -c "$dir/lan.conf" -f "$here/peerbmc.emu" -s "$dir/state" -n > "$dir/sim.log" 2>&1 &
sim=$!
for _ in $(seq 50); do ipmi mc info > /dev/null 2>&1 && break; sleep 0.1; done
sdr_psu no-psu-sensors
stop
