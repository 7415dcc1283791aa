#!/bin/bash
# Replication benchmark (issue 3): a Tandem pair and a Cyrus 3.6 pair on loopback, measured in
# one run with the same LMTP load, then a markdown table.
#
#   bench/replication/run-replication-bench.sh [MESSAGES]    (default 2000 per load run)
#
# Environment:
#   TANDEM_JAR=/tmp/benchbuild/tandem.jar   the jar to run (build it from a clean clone of HEAD)
#   RATE=100            the steady rate (msg/s over 4 connections) for the lag at a steady load
#   WARMUP=2000         untimed deliveries after each Tandem start (JIT) and Cyrus start
#   CATCHUP=100000      deliveries made while the replica is stopped (Tandem catch-up)
#   CATCHUP_SIZE=512    their size in bytes
#   BENCH_DIR=/tmp      where the run directory is made
#   KEEP=1              keep the run directory (configs, logs, stores, results.jsonl)
#   SKIP_CYRUS=1, SKIP_CATCHUP=1   leave a part out
#   JAVA_OPTS=-Xmx256m  options of each 'tandem serve'
#   TANDEM_COMMIT       the commit the jar was built from, for the summary
# Needs: java 17, python3, root, Debian's cyrus-imapd cyrus-replication cyrus-clients sasl2-bin.
# Every process started here is stopped on exit, Ctrl-C or SIGTERM.
set -uo pipefail

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
case "${1:-}" in -h|--help) usage ;; esac
N=${1:-2000}
[[ $N =~ ^[0-9]+$ ]] && [ "$N" -ge 100 ] || { echo "MESSAGES must be a number >= 100" >&2; usage; }
RATE=${RATE:-100}; WARMUP=${WARMUP:-2000}; CATCHUP=${CATCHUP:-100000}; CATCHUP_SIZE=${CATCHUP_SIZE:-512}
JAR=${TANDEM_JAR:-/tmp/benchbuild/tandem.jar}; JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
HERE=$(cd "$(dirname "$0")" && pwd)
PROBE=$HERE/repl_probe.py
CYR_BIN=/usr/lib/cyrus/bin
[ -f "$JAR" ] || { echo "no jar at $JAR (cd /work/main && mvn -B -q -o -DbuildDir=/tmp/benchbuild -DskipTests package)" >&2; exit 1; }
for tool in java python3; do command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }; done
CYRUS_OK=1; [ "${SKIP_CYRUS:-0}" = 1 ] && CYRUS_OK=0
if [ "$CYRUS_OK" = 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "run as root (Cyrus' master starts as root), or SKIP_CYRUS=1" >&2; exit 1; }
  [ -x $CYR_BIN/master ] && command -v saslpasswd2 >/dev/null || {
    echo "missing Cyrus: apt-get install -y --no-install-recommends cyrus-imapd cyrus-replication cyrus-clients sasl2-bin" >&2; exit 1; }
fi

RUN=$(mktemp -d "${BENCH_DIR:-/tmp}/repl-bench.XXXXXX") || exit 1
chmod 755 "$RUN"   # Cyrus runs as user cyrus
RESULTS=$RUN/results.jsonl
declare -A PGID=()   # Tandem side (a, b) -> process group of its 'tandem serve'
CYR_PIDS=""          # pid files of running Cyrus masters
CHILD=""

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
stop_group() {  # PGID: SIGTERM, up to 20 s, then SIGKILL
  kill -TERM -- "-$1" 2>/dev/null || return 0
  for _ in $(seq 200); do kill -0 -- "-$1" 2>/dev/null || return 0; sleep 0.1; done
  log "process group $1 did not stop in 20 s: SIGKILL"; kill -KILL -- "-$1" 2>/dev/null || true
}
cyrus_stop() {
  local f pid
  for f in $CYR_PIDS; do
    pid=$(cat "$f" 2>/dev/null) || continue
    kill "$pid" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  done
  CYR_PIDS=""
}
cleanup() {
  trap - EXIT INT TERM
  [ -n "$CHILD" ] && stop_group "$CHILD"
  local side
  for side in "${!PGID[@]}"; do stop_group "${PGID[$side]}"; done
  cyrus_stop
  if [ "${KEEP:-0}" = 1 ]; then log "kept $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'exit 143' TERM

# probe ARGS...: runs repl_probe.py in its own process group (so a trap can stop it whole)
probe() {
  setsid python3 "$PROBE" "$@" > "$RUN/out.json" & CHILD=$!
  wait $CHILD; local rc=$?; CHILD=""; return $rc
}
record() {  # SYSTEM PHASE: appends $RUN/out.json to the results
  local json; json=$(tail -1 "$RUN/out.json")
  [ -n "$json" ] || { log "$1 $2: no result"; return 0; }
  echo "{\"system\": \"$1\", \"phase\": \"$2\", \"result\": $json}" >> "$RESULTS"
  log "$1 $2: $(echo "$json" | cut -c1-600)"
}
load() {  # SYSTEM PHASE PORT probe-load-args...
  local system=$1 phase=$2 port=$3; shift 3
  local dump=(); [[ " $* " == *" --watch "* ]] && dump=(--dump "$RUN/lags-$system-$phase.tsv")
  probe load --port "$port" --json --label "$phase" "${dump[@]}" "$@"
  record "$system" "$phase"
}

# ---- Tandem pair -----------------------------------------------------------------------------
T=$RUN/tandem; REPL_PORT=$(free_port)
declare -A LMTP=() ADMIN=() STARTS=()
tandem_conf() {  # SIDE ACK
  local side=$1 other=b role=primary link="replication.peer = 127.0.0.1:$REPL_PORT"
  [ "$side" = b ] && { other=a; role=replica; link="replication.listen = 127.0.0.1:$REPL_PORT"; }
  cat > "$T/$side/appliance.conf" <<CONF
# Replication benchmark: side $side of a loopback pair.
appliance.name = bench-$side
role.initial = $role
store.root = $T/$side/store
store.state = $T/$side/state
users.file = $T/$side/state/users
lmtp.listen = 127.0.0.1:${LMTP_PORT[$side]}
imap.listen = 127.0.0.1:0
admin.listen = 127.0.0.1:${ADMIN_PORT[$side]}
$link
replication.tls.peer_cert = $T/$other/state/tls/appliance.crt
replication.ack = $2
CONF
}
tandem_start() {  # SIDE: starts 'tandem serve', waits for its ready line
  local side=$1 n logf line
  n=$(( ${STARTS[$side]:-0} + 1 )); STARTS[$side]=$n
  logf=$T/$side/serve.$n.log
  setsid java $JAVA_OPTS -jar "$JAR" serve --config "$T/$side/appliance.conf" > "$logf" 2>&1 &
  PGID[$side]=$!
  for _ in $(seq 600); do
    line=$(grep -m1 '^tandem: ready' "$logf")
    [ -n "$line" ] && break
    kill -0 "${PGID[$side]}" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$line" ] || { log "Tandem $side did not start: $(tail -3 "$logf")"; return 1; }
  LMTP[$side]=$(sed 's/.* lmtp=\([^ ]*\).*/\1/' <<<"$line"); LMTP[$side]=${LMTP[$side]##*:}
  ADMIN[$side]=$(sed 's/.* admin=\([^ ]*\).*/\1/' <<<"$line")
  log "Tandem $side: $line"
}
tandem_stop() {  # SIDE
  [ -n "${PGID[$1]:-}" ] || return 0
  stop_group "${PGID[$1]}"; unset "PGID[$1]"
}
tandem_in_step() {  # waits until the primary's acked_seq == journal.last_seq
  probe catchup --admin "${ADMIN[a]}" --t0 "$(date +%s.%N)" --timeout "${1:-300}" --json
}
settle_tandem() {  # a measured run starts with the replica in step, and after a quiet second
  tandem_in_step 120 && record tandem settle; sleep 1
}
tandem_watch() { local i; for i in $(seq -w 1 10); do echo "$T/b/store/user$i/Maildir/new"; done; }
stored_tandem() { find "$T/$1/store" -path '*/Maildir/new/*' -type f -o -path '*/Maildir/cur/*' -type f | wc -l; }

declare -A LMTP_PORT=([a]=$(free_port) [b]=$(free_port)) ADMIN_PORT=([a]=$(free_port) [b]=$(free_port))
tandem_setup() {
  mkdir -p "$T/a/store" "$T/a/state" "$T/b/store" "$T/b/state"
  tandem_conf a local; tandem_conf b local
  for side in a b; do
    java -jar "$JAR" tls init --config "$T/$side/appliance.conf" > "$T/$side/tls-init.log" 2>&1 \
      || { log "tls init $side failed: $(cat "$T/$side/tls-init.log")"; return 1; }
  done
  tandem_start b && tandem_start a || return 1
  local i pids=""
  for i in $(seq -w 1 10); do
    echo "bench-password-$i" | java -jar "$JAR" user add "user$i" --config "$T/a/appliance.conf" \
      > "$T/a/user-add-$i.log" 2>&1 & pids="$pids $!"
  done
  for p in $pids; do wait "$p" || { log "user add failed: $(cat "$T"/a/user-add-*.log | tail -3)"; return 1; }; done
  tandem_in_step 120 && record tandem in-step-after-user-add
  local w; for w in $(tandem_watch); do [ -d "$w" ] || { log "replica has no $w"; return 1; }; done
}
tandem_restart_primary() {  # ACK
  tandem_stop a; tandem_conf a "$1"; tandem_start a || return 1
  tandem_in_step 120 && record tandem "in-step-ack-$1"
}

# ---- Cyrus pair ------------------------------------------------------------------------------
C=$RUN/cyrus
declare -A CP=()
cyrus_start() {  # MODE: rolling | rightnow. A = master (imap, lmtp), B = replica (imap, sync_server)
  local mode=$1 x
  cyrus_stop; rm -rf "$C"; mkdir -p "$C"
  CP=([a_imap]=$(free_port) [a_lmtp]=$(free_port) [b_imap]=$(free_port) [b_sync]=$(free_port))
  for u in $(for i in $(seq -w 1 10); do echo "user$i:pw$i"; done) cyrus:admin repl:repl; do
    echo -n "${u#*:}" | saslpasswd2 -p -c -f "$C/sasldb2" -u "" "${u%%:*}" 2>>"$C/saslpasswd.log" ||
      { log "saslpasswd2 failed: $(tail -2 "$C/saslpasswd.log")"; return 1; }
  done
  for x in a b; do
    mkdir -p "$C/$x/conf/socket" "$C/$x/conf/proc" "$C/$x/spool"
    cat > "$C/$x/imapd.conf" <<CONF
configdirectory: $C/$x/conf
partition-default: $C/$x/spool
admins: cyrus repl
allowplaintext: yes
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: $C/sasldb2
sasl_mech_list: PLAIN
unixhierarchysep: no
altnamespace: no
lmtpsocket: $C/$x/conf/socket/lmtp
idlesocket: $C/$x/conf/socket/idle
notifysocket: $C/$x/conf/socket/notify
syslog_prefix: bench-cyrus-$x
delete_mode: delayed
expunge_mode: delayed
duplicatesuppression: no
CONF
  done
  cat >> "$C/a/imapd.conf" <<CONF
sync_log: 1
sync_host: 127.0.0.1
sync_port: ${CP[b_sync]}
sync_try_imap: 0
sync_authname: repl
sync_password: repl
sync_repeat_interval: 1
CONF
  [ "$mode" = rightnow ] && echo 'sync_rightnow_channel: ""' >> "$C/a/imapd.conf"
  echo 'sync_log: 0' >> "$C/b/imapd.conf"
  cat > "$C/a/cyrus.conf" <<CONF
START {
  recover cmd="$CYR_BIN/ctl_cyrusdb -C $C/a/imapd.conf -r"
}
SERVICES {
  imap cmd="$CYR_BIN/imapd -C $C/a/imapd.conf" listen="127.0.0.1:${CP[a_imap]}" prefork=1
  lmtp cmd="$CYR_BIN/lmtpd -a -C $C/a/imapd.conf" listen="127.0.0.1:${CP[a_lmtp]}" prefork=4
}
EVENTS {
  checkpoint cmd="$CYR_BIN/ctl_cyrusdb -C $C/a/imapd.conf -c" period=30
}
DAEMON {
  syncclient cmd="$CYR_BIN/sync_client -C $C/a/imapd.conf -R"
}
CONF
  cat > "$C/b/cyrus.conf" <<CONF
START {
  recover cmd="$CYR_BIN/ctl_cyrusdb -C $C/b/imapd.conf -r"
}
SERVICES {
  imap cmd="$CYR_BIN/imapd -C $C/b/imapd.conf" listen="127.0.0.1:${CP[b_imap]}" prefork=1
  syncserver cmd="$CYR_BIN/sync_server -C $C/b/imapd.conf" listen="127.0.0.1:${CP[b_sync]}" prefork=1
}
EVENTS {
  checkpoint cmd="$CYR_BIN/ctl_cyrusdb -C $C/b/imapd.conf -c" period=30
}
CONF
  chown cyrus:mail "$C/sasldb2"; chmod 640 "$C/sasldb2"
  chown -R cyrus:mail "$C/a" "$C/b"; chmod 755 "$C"
  for x in b a; do
    $CYR_BIN/master -C "$C/$x/imapd.conf" -M "$C/$x/cyrus.conf" -p "$C/$x/master.pid" -d \
      || { log "Cyrus master $x failed to start"; return 1; }
    CYR_PIDS="$CYR_PIDS $C/$x/master.pid"
  done
  for port in ${CP[a_imap]} ${CP[a_lmtp]} ${CP[b_imap]} ${CP[b_sync]}; do
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  done
  python3 "$PROBE" cyrus-setup --master-imap "${CP[a_imap]}" --replica-imap "${CP[b_imap]}" >&2 || return 1
  CYR_WATCH=""
  for i in $(seq -w 1 10); do
    CYR_WATCH="$CYR_WATCH $($CYR_BIN/mbpath -C "$C/b/imapd.conf" "user.user$i")" || return 1
  done
  log "Cyrus $mode pair: A imap ${CP[a_imap]} lmtp ${CP[a_lmtp]}, B imap ${CP[b_imap]} sync ${CP[b_sync]}"
}
stored_cyrus() { find "$C/$1/spool" -type f -name '[0-9]*.' | wc -l; }
settle_cyrus() {  # until the replica has as many message files as the master (60 s at most), then 1 s
  for _ in $(seq 120); do [ "$(stored_cyrus a)" = "$(stored_cyrus b)" ] && break; sleep 0.5; done
  sleep 1
}

# ---- the run ---------------------------------------------------------------------------------
START=$(date -u +"%Y-%m-%d %H:%M UTC"); T_START=$(date +%s)
log "run directory $RUN; $N messages per load run, steady rate $RATE msg/s, warm-up $WARMUP, catch-up $CATCHUP"
TANDEM_OK=1
tandem_phase1() {  # ack = local, then ack = peer
  tandem_setup || return 1
  load tandem warmup "${LMTP[a]}" -n "$WARMUP" -c 4
  settle_tandem
  load tandem local-steady "${LMTP[a]}" -n "$N" -c 4 --rate "$RATE" --watch $(tandem_watch)
  load tandem local-max-4 "${LMTP[a]}" -n "$N" -c 4 --watch $(tandem_watch)
  load tandem local-max-1 "${LMTP[a]}" -n "$N" -c 1 --watch $(tandem_watch)
  tandem_restart_primary peer || return 1
  load tandem warmup-peer "${LMTP[a]}" -n "$WARMUP" -c 4
  settle_tandem
  load tandem peer-max-1 "${LMTP[a]}" -n "$N" -c 1 --watch $(tandem_watch)
  load tandem peer-max-4 "${LMTP[a]}" -n "$N" -c 4 --watch $(tandem_watch)
  load tandem peer-steady "${LMTP[a]}" -n "$N" -c 4 --rate "$RATE" --watch $(tandem_watch)
  tandem_stop a; tandem_stop b
}
tandem_phase2() {  # ack = local again (the second sample), then the catch-up
  tandem_start b || return 1
  tandem_conf a local; tandem_start a || return 1
  tandem_in_step 120 && record tandem in-step-restart
  load tandem warmup-2 "${LMTP[a]}" -n "$WARMUP" -c 4
  settle_tandem
  load tandem local-max-1-b "${LMTP[a]}" -n "$N" -c 1 --watch $(tandem_watch)
  load tandem local-max-4-b "${LMTP[a]}" -n "$N" -c 4 --watch $(tandem_watch)
  load tandem local-steady-b "${LMTP[a]}" -n "$N" -c 4 --rate "$RATE" --watch $(tandem_watch)
  echo "{\"system\": \"tandem-store\", \"phase\": \"before-catchup\", \"a\": $(stored_tandem a), \"b\": $(stored_tandem b)}" >> "$RESULTS"
  [ "${SKIP_CATCHUP:-0}" = 1 ] && return 0
  tandem_stop b
  log "replica stopped; $CATCHUP deliveries of $CATCHUP_SIZE bytes to the primary"
  load tandem catchup-load "${LMTP[a]}" -n "$CATCHUP" -c 4 --size "$CATCHUP_SIZE"
  local t0; t0=$(date +%s.%N)
  tandem_start b || return 1
  probe catchup --admin "${ADMIN[a]}" --t0 "$t0" --timeout 600 --json
  record tandem catchup
  echo "{\"system\": \"tandem-store\", \"phase\": \"after-catchup\", \"a\": $(stored_tandem a), \"b\": $(stored_tandem b)}" >> "$RESULTS"
}
cyrus_phase() {  # MODE
  cyrus_start "$1" || { log "Cyrus $1 pair did not start"; return 1; }
  local w=$WARMUP; [ "$1" = rightnow ] && w=$((WARMUP / 4))
  load cyrus-$1 warmup "${CP[a_lmtp]}" -n "$w" -c 4 --domain ''
  settle_cyrus   # let the warm-up reach the replica first
  if [ "$1" = rolling ]; then
    load cyrus-$1 steady "${CP[a_lmtp]}" -n "$N" -c 4 --rate "$RATE" --domain '' --cyrus \
      --watch $CYR_WATCH --status-port "${CP[b_imap]}"
  fi
  load cyrus-$1 max-4 "${CP[a_lmtp]}" -n "$N" -c 4 --domain '' --cyrus --watch $CYR_WATCH
  load cyrus-$1 max-1 "${CP[a_lmtp]}" -n "$N" -c 1 --domain '' --cyrus --watch $CYR_WATCH
  if [ "$1" = rightnow ]; then
    load cyrus-$1 steady "${CP[a_lmtp]}" -n "$N" -c 4 --rate "$RATE" --domain '' --cyrus --watch $CYR_WATCH
  fi
  sleep 3
  echo "{\"system\": \"cyrus-$1-store\", \"phase\": \"end\", \"a\": $(stored_cyrus a), \"b\": $(stored_cyrus b)}" >> "$RESULTS"
  cyrus_stop
}

tandem_phase1 || { TANDEM_OK=0; log "Tandem phase 1 failed"; }
tandem_stop a; tandem_stop b
if [ "$CYRUS_OK" = 1 ]; then
  cyrus_phase rolling
  cyrus_phase rightnow
fi
[ "$TANDEM_OK" = 1 ] && { tandem_phase2 || log "Tandem phase 2 failed"; }
tandem_stop a; tandem_stop b
T_END=$(date +%s)

# Tandem logs: anything above INFO, counted by message shape
{
  for f in "$T"/a/serve.*.log "$T"/b/serve.*.log; do
    [ -f "$f" ] || continue
    grep -E '\[(WARN|ERROR)\]|Exception' "$f" | sed "s|^|$(basename "$(dirname "$f")")/$(basename "$f"): |"
  done
} > "$RUN/tandem-warnings.txt"

cat <<EOF

## Replication benchmark, $START ($(( (T_END - T_START) / 60 )) min $(( (T_END - T_START) % 60 )) s)

- Command: \`bench/replication/run-replication-bench.sh $N\` (RATE=$RATE, WARMUP=$WARMUP, CATCHUP=$CATCHUP x $CATCHUP_SIZE B; 4 KiB messages, 10 users)
- Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, kernel $(uname -r)
- Disk: $(df -hT "$RUN" | awk 'NR==2 {print $1 " (" $2 ", " $3 ", " $6 ")"}'), run directory $RUN
- Tandem: $JAR${TANDEM_COMMIT:+ (built from commit $TANDEM_COMMIT)}, $JAVA_OPTS, $(java -version 2>&1 | head -1); Cyrus $($CYR_BIN/master -V 2>/dev/null | head -1 | awk '{print $2}'); Python $(python3 -c 'import platform; print(platform.python_version())')

EOF
python3 "$HERE/report.py" "$RESULTS" "$RUN/tandem-warnings.txt"
