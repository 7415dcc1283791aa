#!/bin/bash
# IMAP benchmark (issue 7): Tandem against Dovecot 2.3 on the same machine, with the same messages,
# measured in one run. Prints a markdown block for BENCHMARKS.md.
#
#   bench/imap/run-imap-bench.sh
#
# Environment:
#   BUILD_DIR=target    holds tandem.jar and test-classes (mvn -DskipTests package makes both)
#   USERS=50 PER_USER=1000   the mix's mailboxes: USERS users, PER_USER corpus messages each
#   SESSIONS="1 50"     session counts of the mix
#   REPS=3              repetitions of the mix (each: every session count, Dovecot then Tandem)
#   WARMUP=10 DURATION=30    seconds per mix run (warm-up not counted)
#   BIG=100000          messages in the big mailbox (0: skip that part)
#   BIG_REPS=6          SELECT + FETCH 1:* (FLAGS) repetitions (the first is the cold one)
#   IDLE=1000           idle sessions (0: skip that part)
#   ALWAYS=1            also a second Dovecot with mail_fsync = always in the mix (0: not)
#   HEAP=256m           Tandem's heap: the launcher's and the systemd unit's -Xmx256m
#   INOTIFY_INSTANCES=2048   fs.inotify.max_user_instances during the run (Dovecot's IDLE uses
#                       one per session; the Debian default 128 makes most sessions poll every
#                       30 s); restored at exit. 0: leave it.
#   BENCH_DIR=/tmp KEEP=1    where the run directory goes; keep it (logs, stores, results.jsonl)
# Needs root (Dovecot's master), java and jcmd 17, python3, Debian's dovecot-imapd and
# dovecot-lmtpd. The private Dovecot has its own config, base directory and ports; every process
# started here is stopped on exit, Ctrl-C or SIGTERM.
set -uo pipefail

usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
case "${1:-}" in -h|--help) usage ;; esac
HERE=$(cd "$(dirname "$0")" && pwd); MAIN=$(cd "$HERE/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$MAIN/target}
JAR=$BUILD_DIR/tandem.jar; TEST_CLASSES=$BUILD_DIR/test-classes
USERS=${USERS:-50}; PER_USER=${PER_USER:-1000}; SESSIONS=${SESSIONS:-1 50}; REPS=${REPS:-3}
WARMUP=${WARMUP:-10}; DURATION=${DURATION:-30}; BIG=${BIG:-100000}; BIG_REPS=${BIG_REPS:-6}
IDLE=${IDLE:-1000}; ALWAYS=${ALWAYS:-1}; HEAP=${HEAP:-256m}; INOTIFY_INSTANCES=${INOTIFY_INSTANCES:-2048}
PASSWORD=bench-password
for tool in java jcmd python3 dovecot doveadm; do
  command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
[ -f "$JAR" ] && [ -d "$TEST_CLASSES/io/tandem/bench" ] \
  || { echo "no $JAR or $TEST_CLASSES (mvn -DskipTests package)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root (Dovecot's master must start as root)" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n 20000

RUN=$(mktemp -d "${BENCH_DIR:-/tmp}/tandem-imapbench.XXXXXX") || exit 1
chmod 755 "$RUN"
RESULTS=$RUN/results.jsonl
TPID=""; DOVECOT_CONF=""; OLD_INOTIFY=""
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

tandem_stop() {
  [ -n "$TPID" ] || return 0
  kill -TERM "$TPID" 2>/dev/null
  for _ in $(seq 300); do kill -0 "$TPID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$TPID" 2>/dev/null
  TPID=""
}
dovecot_stop() {  # every instance started
  local conf pid
  for conf in $DOVECOT_CONF; do
    pid=$(cat "$(dirname "$conf")/run/master.pid" 2>/dev/null)
    doveadm -c "$conf" stop 2>/dev/null || { [ -n "$pid" ] && kill "$pid" 2>/dev/null; }
    for _ in $(seq 100); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  done
  DOVECOT_CONF=""
}
cleanup() {
  trap - EXIT INT TERM
  tandem_stop; dovecot_stop
  [ -n "$OLD_INOTIFY" ] && echo "$OLD_INOTIFY" > /proc/sys/fs/inotify/max_user_instances
  if [ "${KEEP:-0}" = 1 ]; then log "kept $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'exit 143' TERM

record() {  # KIND SYSTEM REP FILE: one JSON line per measurement
  local json; json=$(cat "$4" 2>/dev/null)
  [ -n "$json" ] || { log "$2 $1 rep $3: no result"; return 0; }
  echo "{\"kind\": \"$1\", \"system\": \"$2\", \"rep\": $3, \"result\": $json}" >> "$RESULTS"
  log "$2 $1 rep $3: $(echo "$json" | cut -c1-400)"
}

# ---- Tandem -------------------------------------------------------------------------------
tandem_conf() {  # DIR
  mkdir -p "$1/store" "$1/state"
  cat > "$1/appliance.conf" <<CONF
appliance.name = imapbench
store.root = $1/store
store.state = $1/state
lmtp.listen = 127.0.0.1:$(free_port)
imap.listen = 127.0.0.1:$(free_port)
admin.listen = 127.0.0.1:$(free_port)
CONF
}
generate() {  # DIR USERS MESSAGES: users (password bench-password) and generator messages
  java -Xmx1g -cp "$JAR:$TEST_CLASSES" io.tandem.bench.ScaleStoreGenerator \
    --config "$1/appliance.conf" --users "$2" --messages "$3" --run "$(( $3 > 0 ? $3 : 1 ))" \
    --password "$PASSWORD" > "$1/gen.log" 2>&1 \
    || { log "generator failed: $(tail -3 "$1/gen.log")"; exit 1; }
  grep -E '^RESULT|users:' "$1/gen.log" | grep -v INFO >&2
}
tandem_start() {  # DIR: starts 'java -Xmx$HEAP -jar tandem.jar serve', sets TPID, T_IMAP, T_LMTP
  local from ready=""
  from=$(( $(cat "$1/serve.log" 2>/dev/null | wc -l) + 1 ))
  java -Xmx"$HEAP" -jar "$JAR" serve --config "$1/appliance.conf" >> "$1/serve.log" 2>&1 &
  TPID=$!
  for _ in $(seq 1200); do
    ready=$(tail -n +"$from" "$1/serve.log" | grep '^tandem: ready' | tail -1)
    [ -n "$ready" ] && break
    kill -0 "$TPID" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$ready" ] || { log "tandem serve did not start: $(tail -3 "$1/serve.log")"; exit 1; }
  T_IMAP=$(sed -n 's/.* imap=[^:]*:\([0-9]*\).*/\1/p' <<< "$ready")
  T_LMTP=$(sed -n 's/.* lmtp=[^:]*:\([0-9]*\).*/\1/p' <<< "$ready")
}

# ---- Dovecot 2.3 ----------------------------------------------------------------------------
# Instance "dovecot": mail_fsync = optimized (Dovecot's default). Instance "dovecot-always"
# (ALWAYS=1, the mix only): mail_fsync = always, on its own copy of the maildirs, so that flag
# changes and expunges are forced before the OK as Tandem's are.
declare -A D_DIR D_IMAP D_LMTP D_PID
DC=$RUN/dovecot
dovecot_start() {  # NAME FSYNC: sets D_DIR, D_IMAP, D_LMTP, D_PID [NAME]
  local name=$1 fsync=$2 dir=$RUN/$1 imap lmtp
  imap=$(free_port); lmtp=$(free_port)
  mkdir -p "$dir/run" "$dir/state" "$dir/mail"; chown mail:mail "$dir/mail"
  { for i in $(seq 1 "$USERS"); do printf 'user%05d:{PLAIN}%s\n' "$i" "$PASSWORD"; done
    echo "bigbox:{PLAIN}$PASSWORD"; } > "$dir/users.passwd"
  cat > "$dir/dovecot.conf" <<CONF
# Benchmark only: loopback IMAP and LMTP, maildir, mail_fsync = $fsync.
# As ../shared/reference/dovecot/dovecot-bench.conf, with limits raised for 1,000 sessions.
protocols = imap lmtp
listen = 127.0.0.1
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# LMTP's user00001@example.test and IMAP's user00001 are the same user.
auth_username_format = %Ln
default_internal_user = dovecot
default_login_user = dovenull
default_client_limit = 4000
first_valid_uid = $(id -u mail)
mail_uid = mail
mail_gid = mail
mail_location = maildir:$dir/mail/%u/Maildir
mail_fsync = $fsync
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users.passwd
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$dir/mail/%u allow_all_users=yes
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap
  }
  inet_listener imaps {
    port = 0
  }
}
service imap {
  process_limit = 1200
}
protocol imap {
  mail_max_userip_connections = 1200
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $lmtp
  }
}
protocol lmtp {
  postmaster_address = postmaster@example.test
}
CONF
  dovecot -c "$dir/dovecot.conf" || { log "dovecot $name failed: $(tail -3 "$dir/dovecot.log")"; exit 1; }
  DOVECOT_CONF="$DOVECOT_CONF $dir/dovecot.conf"
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$imap") 2>/dev/null && break; sleep 0.1; done
  D_DIR[$name]=$dir; D_IMAP[$name]=$imap; D_LMTP[$name]=$lmtp
  D_PID[$name]=$(cat "$dir/run/master.pid")
}
copy_maildir() {  # FROM TO: a Tandem maildir into Dovecot's mail folder, owned by mail
  mkdir -p "$(dirname "$2")"
  cp -a "$1" "$2" && chown -R mail:mail "$(dirname "$2")"
}

# ---- the run --------------------------------------------------------------------------------
START=$(date -u +"%Y-%m-%d %H:%M UTC"); T_START=$(date +%s)
COMMIT=$(git -C "$MAIN" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -f "$BUILD_DIR/../COMMIT" ] && COMMIT=$(cat "$BUILD_DIR/../COMMIT")
if [ "$INOTIFY_INSTANCES" != 0 ]; then
  cur=$(cat /proc/sys/fs/inotify/max_user_instances)
  if [ "$cur" -lt "$INOTIFY_INSTANCES" ]; then
    OLD_INOTIFY=$cur; echo "$INOTIFY_INSTANCES" > /proc/sys/fs/inotify/max_user_instances
  fi
fi
log "run directory $RUN"

# The mix's store: USERS users, PER_USER corpus messages each over LMTP, then the same maildirs
# copied to Dovecot.
TM=$RUN/tandem-mix; tandem_conf "$TM"
log "Tandem: $USERS users"; generate "$TM" "$USERS" 0
tandem_start "$TM"
log "delivering $USERS x $PER_USER corpus messages to Tandem over LMTP"
python3 "$HERE/corpus.py" --port "$T_LMTP" --users "$USERS" --per-user "$PER_USER" -c 4 \
  > "$RUN/corpus.json" || { log "corpus delivery failed: $(cat "$RUN/corpus.json")"; exit 1; }
log "corpus: $(cat "$RUN/corpus.json")"
tandem_stop
MIX_SYSTEMS="dovecot tandem"; [ "$ALWAYS" = 1 ] && MIX_SYSTEMS="dovecot dovecot-always tandem"
for sys in $MIX_SYSTEMS; do
  [ $sys = tandem ] && continue
  for i in $(seq 1 "$USERS"); do
    u=$(printf 'user%05d' "$i")
    copy_maildir "$TM/store/$u/Maildir" "$RUN/$sys/mail/$u/Maildir"
  done
done
dovecot_start dovecot optimized
[ "$ALWAYS" = 1 ] && dovecot_start dovecot-always always
tandem_start "$TM"

for rep in $(seq 1 "$REPS"); do
  for n in $SESSIONS; do
    for sys in $MIX_SYSTEMS; do
      if [ $sys = tandem ]; then port=$T_IMAP; pid=$TPID; else port=${D_IMAP[$sys]}; pid=${D_PID[$sys]}; fi
      python3 "$HERE/imap_load.py" --port "$port" -n "$n" --users "$USERS" --duration "$DURATION" \
        --warmup "$WARMUP" --seed "$rep" --server-pid "$pid" --label "$sys" --json \
        > "$RUN/out.json"
      record mix $sys "$rep" "$RUN/out.json"
    done
  done
done

# Idle sessions: a fresh Tandem at its default heap, then Dovecot.
if [ "$IDLE" -gt 0 ]; then
  tandem_stop; tandem_start "$TM"; sleep 2
  python3 "$HERE/imap_idle.py" --port "$T_IMAP" --lmtp-port "$T_LMTP" -n "$IDLE" --users "$USERS" \
    --server-pid "$TPID" --java --label tandem --json > "$RUN/out.json"
  record idle tandem 1 "$RUN/out.json"
  python3 "$HERE/imap_idle.py" --port "${D_IMAP[dovecot]}" --lmtp-port "${D_LMTP[dovecot]}" \
    -n "$IDLE" --users "$USERS" --server-pid "${D_PID[dovecot]}" --label dovecot --json > "$RUN/out.json"
  record idle dovecot 1 "$RUN/out.json"
fi
tandem_stop

# The big mailbox: BIG generator messages (2-4 KiB) in one user's INBOX through the store's own
# write path, the same maildir copied to Dovecot's user bigbox.
if [ "$BIG" -gt 0 ]; then
  TB=$RUN/tandem-big; tandem_conf "$TB"
  log "Tandem: one user with $BIG messages (generator)"; generate "$TB" 1 "$BIG"
  copy_maildir "$TB/store/user00001/Maildir" "$DC/mail/bigbox/Maildir"
  [ -n "${D_PID[dovecot-always]:-}" ] && doveadm -c "${D_DIR[dovecot-always]}/dovecot.conf" stop
  tandem_start "$TB"
  python3 "$HERE/imap_big.py" --port "$T_IMAP" --user user00001 --reps "$BIG_REPS" \
    --label tandem --json > "$RUN/out.json"
  record big tandem 1 "$RUN/out.json"
  python3 "$HERE/imap_big.py" --port "${D_IMAP[dovecot]}" --user bigbox --reps "$BIG_REPS" \
    --label dovecot --json > "$RUN/out.json"
  record big dovecot 1 "$RUN/out.json"
  tandem_stop
fi
dovecot_stop
T_END=$(date +%s)

cat <<EOF

## IMAP benchmark, $START ($(( (T_END - T_START) / 60 )) min)

- Command: \`bench/imap/run-imap-bench.sh\` (USERS=$USERS PER_USER=$PER_USER SESSIONS="$SESSIONS" REPS=$REPS WARMUP=$WARMUP DURATION=$DURATION BIG=$BIG IDLE=$IDLE ALWAYS=$ALWAYS HEAP=$HEAP), Tandem at $COMMIT
- Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, kernel $(uname -r); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)
- Disk: $(df -hT "$RUN" | awk 'NR==2 {print $1 " (" $2 ", " $3 ")"}'); Dovecot $(dovecot --version | cut -d' ' -f1); $(java -version 2>&1 | head -1); Python $(python3 -c 'import platform; print(platform.python_version())')
- Corpus: $(cat "$RUN/corpus.json")

EOF
python3 "$HERE/report.py" "$RESULTS"
