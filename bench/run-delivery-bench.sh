#!/bin/bash
# Delivery benchmark: the raw maildir fsync pattern, Dovecot 2.3 LMTP and Tandem LMTP, measured
# in one run on the same disk, REPS times interleaved, then a markdown table of medians.
#
#   bench/run-delivery-bench.sh [MESSAGES]        (default 2000 timed messages per run)
#
# Environment:
#   REPS=3              repetitions (each: fsync 1 and 4 threads, Dovecot 1 and 4 connections,
#                       Tandem 1 and 4 connections)
#   WARMUP=200          untimed deliveries before each LMTP run
#   BENCH_DIR=/tmp      where the run directory is made: put it on the disk to measure
#   KEEP=1              keep the run directory (configs, logs, stores, results.jsonl)
#   SKIP_TANDEM=1       measure only the fsync pattern and Dovecot
#   TANDEM=PATH         the launcher to run (default: ./tandem next to bench/)
#   TANDEM_CONF_EXTRA   extra lines appended to the bench appliance.conf
#   TANDEM_START_TIMEOUT=180  seconds to wait for "tandem: ready" (includes a first build)
# Needs: gcc, python3, dovecot (Debian dovecot-lmtpd), root (Dovecot's master runs as root).
# Every process started here is stopped on exit, Ctrl-C or SIGTERM.
set -uo pipefail

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
case "${1:-}" in -h|--help) usage ;; esac
N=${1:-2000}
[[ $N =~ ^[0-9]+$ ]] && [ "$N" -ge 10 ] || { echo "MESSAGES must be a number >= 10" >&2; usage; }
REPS=${REPS:-3}; WARMUP=${WARMUP:-200}
HERE=$(cd "$(dirname "$0")" && pwd); MAIN=$(dirname "$HERE")
TANDEM=${TANDEM:-$MAIN/tandem}
for tool in gcc python3 dovecot doveadm; do
  command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "run as root (Dovecot's master must start as root)" >&2; exit 1; }

RUN=$(mktemp -d "${BENCH_DIR:-/tmp}/tandem-bench.XXXXXX") || exit 1
chmod 755 "$RUN"   # Dovecot delivers as user mail
RESULTS=$RUN/results.jsonl
CHILD=""          # process group of the foreground measurement
TANDEM_PGID=""    # process group of ./tandem serve
DOVECOT_CONF=""   # set while Dovecot runs

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# run OUTFILE CMD...: runs CMD in its own process group, stdout to OUTFILE, and waits (in this
# shell, so that Ctrl-C or SIGTERM reaches the trap at once and it can stop CMD's whole group).
run() {
  local out=$1; shift
  setsid "$@" > "$out" & CHILD=$!
  wait $CHILD; local rc=$?
  CHILD=""
  return $rc
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop_group() {  # PGID: SIGTERM, up to 20 s, then SIGKILL
  local pgid=$1
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for _ in $(seq 200); do kill -0 -- "-$pgid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pgid" 2>/dev/null || true
}

cleanup() {
  trap - EXIT INT TERM
  [ -n "$CHILD" ] && stop_group "$CHILD"
  [ -n "$TANDEM_PGID" ] && stop_group "$TANDEM_PGID"
  [ -n "$DOVECOT_CONF" ] && dovecot_stop
  if [ "${KEEP:-0}" = 1 ]; then log "kept $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'exit 143' TERM

record() {  # SYSTEM REP: appends the JSON line in $RUN/out.json to the results
  local json; json=$(cat "$RUN/out.json")
  [ -n "$json" ] || return 0
  echo "{\"system\": \"$1\", \"rep\": $2, \"result\": $json}" >> "$RESULTS"
  log "$1 rep $2: $json"
}

load() {  # SYSTEM REP PORT CONNECTIONS
  run "$RUN/out.json" python3 "$HERE/lmtp_load.py" --port "$3" -n "$N" -c "$4" --warmup "$WARMUP" \
    --users 10 --domain example.test --size 4096 --label "$1" --json
  record "$1" "$2"
}

stored() {  # ROOT: number of message files under ROOT/*/Maildir/{new,cur}
  find "$1" -path '*/Maildir/new/*' -type f -o -path '*/Maildir/cur/*' -type f 2>/dev/null | wc -l
}

# ---- raw fsync pattern --------------------------------------------------------------------
gcc -O2 -pthread -o "$RUN/fsync_pattern" "$HERE/fsync_pattern.c" || exit 1
fsync_round() {
  for t in 1 4; do
    rm -rf "$RUN/fsync"
    run "$RUN/out.json" "$RUN/fsync_pattern" "$RUN/fsync" "$N" "$t" && record fsync "$1"
  done
  rm -rf "$RUN/fsync"
}

# ---- Dovecot 2.3 LMTP ---------------------------------------------------------------------
DC=$RUN/dovecot; DC_PORT=$(free_port)
dovecot_start() {
  rm -rf "$DC"; mkdir -p "$DC/run" "$DC/state" "$DC/mail"; chown mail:mail "$DC/mail"
  for i in $(seq -w 1 10); do echo "user$i:{PLAIN}pass$i"; done > "$DC/users.passwd"
  cat > "$DC/dovecot.conf" <<CONF
# Benchmark only: loopback LMTP, maildir, default durability (mail_fsync = optimized).
protocols = lmtp
listen = 127.0.0.1
base_dir = $DC/run
state_dir = $DC/state
log_path = $DC/dovecot.log
ssl = no
auth_username_format = %Ln
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = $(id -u mail)
mail_uid = mail
mail_gid = mail
mail_location = maildir:$DC/mail/%u/Maildir
mail_fsync = optimized
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $DC/users.passwd
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$DC/mail/%u allow_all_users=yes
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $DC_PORT
  }
}
protocol lmtp {
  postmaster_address = postmaster@example.test
}
CONF
  DOVECOT_CONF=$DC/dovecot.conf
  dovecot -c "$DOVECOT_CONF" || { log "dovecot failed to start: $(tail -3 "$DC/dovecot.log")"; return 1; }
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$DC_PORT") 2>/dev/null && return 0; sleep 0.1; done
  log "dovecot LMTP not listening on $DC_PORT"; return 1
}
dovecot_stop() {
  local pid; pid=$(cat "$DC/run/master.pid" 2>/dev/null) || { DOVECOT_CONF=""; return 0; }
  doveadm -c "$DOVECOT_CONF" stop 2>/dev/null || kill "$pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  DOVECOT_CONF=""
}
dovecot_round() {
  dovecot_start || return 1
  load dovecot "$1" "$DC_PORT" 1
  load dovecot "$1" "$DC_PORT" 4
  echo "{\"system\": \"dovecot-store\", \"rep\": $1, \"files\": $(stored "$DC/mail")}" >> "$RESULTS"
  dovecot_stop
}

# ---- Tandem LMTP --------------------------------------------------------------------------
TANDEM_OK=1; [ "${SKIP_TANDEM:-0}" = 1 ] && TANDEM_OK=0
tandem_fail() { log "Tandem: $*"; TANDEM_OK=0; echo "$*" > "$RUN/tandem-failed.txt"; }
tandem_round() {
  local T=$RUN/tandem lmtp
  rm -rf "$T"; mkdir -p "$T/store" "$T/state"; : > "$T/users"
  cat > "$T/appliance.conf" <<CONF
appliance.name = bench
store.root = $T/store
store.state = $T/state
lmtp.listen = 127.0.0.1:$(free_port)
imap.listen = 127.0.0.1:0
admin.listen = 127.0.0.1:$(free_port)
users.file = $T/users
${TANDEM_CONF_EXTRA:-}
CONF
  [ -x "$TANDEM" ] || { tandem_fail "no launcher at $TANDEM"; return 1; }
  for i in $(seq -w 1 10); do
    echo "bench-password-$i" | (cd "$MAIN" && "$TANDEM" user add "user$i" --config "$T/appliance.conf") >> "$T/user-add.log" 2>&1 \
      || { tandem_fail "'tandem user add user$i' failed: $(tail -3 "$T/user-add.log")"; return 1; }
  done
  (cd "$MAIN" && exec setsid "$TANDEM" serve --config "$T/appliance.conf") > "$T/serve.log" 2>&1 &
  TANDEM_PGID=$!
  for _ in $(seq $((${TANDEM_START_TIMEOUT:-180} * 10))); do
    lmtp=$(sed -n 's/^tandem: ready.* lmtp=\([^ ]*\).*/\1/p' "$T/serve.log" | head -1)
    [ -n "$lmtp" ] && break
    kill -0 "$TANDEM_PGID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$lmtp" ]; then
    tandem_fail "'tandem serve' printed no ready line: $(tail -3 "$T/serve.log")"
    stop_group "$TANDEM_PGID"; TANDEM_PGID=""; return 1
  fi
  load tandem "$1" "${lmtp##*:}" 1
  load tandem "$1" "${lmtp##*:}" 4
  stop_group "$TANDEM_PGID"; TANDEM_PGID=""
  echo "{\"system\": \"tandem-store\", \"rep\": $1, \"files\": $(stored "$T/store")}" >> "$RESULTS"
}

# ---- the run ------------------------------------------------------------------------------
log "run directory $RUN; $REPS reps of $N messages (warm-up $WARMUP)"
START=$(date -u +"%Y-%m-%d %H:%M UTC")
for rep in $(seq 1 "$REPS"); do
  fsync_round "$rep"
  dovecot_round "$rep"
  [ "$TANDEM_OK" = 1 ] && tandem_round "$rep"
done

cat <<EOF

## Delivery benchmark, $START

- Command: \`bench/run-delivery-bench.sh $N\` (REPS=$REPS, WARMUP=$WARMUP, 4 KiB messages, 10 users)
- Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, kernel $(uname -r)
- Disk: $(df -hT "$RUN" | awk 'NR==2 {print $1 " (" $2 ", " $3 ", " $6 ")"}'), run directory $RUN
- Dovecot $(dovecot --version | cut -d' ' -f1), mail_fsync=optimized; Python $(python3 -c 'import platform; print(platform.python_version())')

EOF
python3 - "$RESULTS" "$RUN/tandem-failed.txt" <<'PY'
import json, os, statistics as st, sys
rows = [json.loads(l) for l in open(sys.argv[1])] if os.path.exists(sys.argv[1]) else []
runs = {}
for r in rows:
    if "result" in r:
        res = r["result"]
        conc = res.get("threads") or res.get("connections")
        runs.setdefault((r["system"], conc), []).append(res)
names = {"fsync": ("raw maildir fsync pattern (C)", "thread"), "dovecot": ("Dovecot 2.3 LMTP", "conn"),
         "tandem": ("Tandem LMTP", "conn")}
med = lambda xs: st.median(xs) if xs else None
ms = lambda xs: f"{med(xs):.1f}" if xs else "-"
print("| what | concurrency | msg/s median (min-max) | p50 ms | p99 ms | errors | reps |")
print("|---|---|---|---|---|---|---|")
rate = {}
for system in ("fsync", "dovecot", "tandem"):
    for conc in (1, 4):
        rs = runs.get((system, conc), [])
        name, unit = names[system]
        if not rs:
            print(f"| {name} | {conc} {unit}{'s' if conc > 1 else ''} | did not run | | | | 0 |")
            continue
        rates = [x["rate"] for x in rs]
        rate[(system, conc)] = med(rates)
        errs = sum(x.get("errors", 0) for x in rs)
        print(f"| {name} | {conc} {unit}{'s' if conc > 1 else ''} | **{med(rates):.0f}** ({min(rates):.0f}-{max(rates):.0f}) "
              f"| {ms([x['p50_ms'] for x in rs if x['p50_ms'] is not None])} "
              f"| {ms([x['p99_ms'] for x in rs if x['p99_ms'] is not None])} | {errs} | {len(rs)} |")
print()
for conc, target in ((1, 1.0), (4, 2.0)):
    t, d = rate.get(("tandem", conc)), rate.get(("dovecot", conc))
    ratio = f"**{t / d:.2f}x**" if t and d else "n/a"
    print(f"- Tandem / Dovecot at {conc} connection{'s' if conc > 1 else ''}: {ratio} (target >= {target:.0f}x)")
for r in rows:
    if r.get("result", {}).get("errors"):
        x = r["result"]
        print(f"- WARNING: {r['system']} rep {r['rep']} at {x['connections']}: {x['errors']} errors, first: {x['first_error']}")
    if r["system"].endswith("-store"):
        sysname = r["system"][:-6]
        acked = sum(x["result"]["acked"] + x["result"].get("warmup_acked", 0) for x in rows
                    if x.get("system") == sysname and x.get("rep") == r["rep"] and "result" in x)
        if acked != r["files"]:
            print(f"- WARNING: {sysname} rep {r['rep']}: {acked} deliveries acknowledged, {r['files']} message files stored")
if os.path.exists(sys.argv[2]):
    print("- Tandem did not run: " + " / ".join(open(sys.argv[2]).read().split("\n")).strip(" /"))
PY
