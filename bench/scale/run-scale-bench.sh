#!/bin/bash
# Scale benchmark: a store of USERS users and MESSAGES messages, then the real service with a
# 256 MB heap on it: start-up time (clean and after kill -9), heap, RSS, file descriptors,
# threads, an LMTP delivery, 'tandem status', LMTP deliveries spread over all users, disk use.
#
#   bench/scale/run-scale-bench.sh [USERS] [MESSAGES]      (default 10000 1000000)
#
# Environment:
#   BENCH_DIR=/tmp       where the run directory is made (needs ~5.5 KiB per message)
#   BUILD_DIR=target     holds tandem.jar and test-classes (mvn -DbuildDir=... package)
#   HEAP=256m            -Xmx of the service and of the status CLI
#   STARTS=3             clean start/stop cycles timed;  KILLS=3  kill -9/restart cycles timed
#   BURST=300            LMTP messages sent just before each kill -9 (so recovery has work)
#   LIVE_N=2000 LIVE_C=8 LMTP messages (and connections) to random users, timed, at the end
#   COLD=1               also time one start with the page cache dropped (needs root)
#   GEN_THREADS=16 GEN_WINDOW=1 GEN_RUN=100   generator threads, futures per thread, and how
#                        many consecutive messages go to one user (1 = strict round-robin)
#   GEN_HEAP=1g          heap of the generator
#   REUSE=DIR            skip generation, measure the run directory DIR of an earlier KEEP=1 run
#   KEEP=1               keep the run directory (store, state, logs)
#   START_TIMEOUT=120    seconds to wait for the ready line
# Needs: java 17 (with jcmd, jstat), python3. Prints a markdown block at the end.
set -uo pipefail

usage() { sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
case "${1:-}" in -h|--help) usage ;; esac
USERS=${1:-10000}; MESSAGES=${2:-1000000}
[[ $USERS =~ ^[0-9]+$ && $USERS -ge 1 && $MESSAGES =~ ^[0-9]+$ ]] || usage
HERE=$(cd "$(dirname "$0")" && pwd); MAIN=$(cd "$HERE/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$MAIN/target}
JAR=$BUILD_DIR/tandem.jar; TEST_CLASSES=$BUILD_DIR/test-classes
HEAP=${HEAP:-256m}; STARTS=${STARTS:-3}; KILLS=${KILLS:-3}; BURST=${BURST:-300}
LIVE_N=${LIVE_N:-2000}; LIVE_C=${LIVE_C:-8}; START_TIMEOUT=${START_TIMEOUT:-120}
GEN_THREADS=${GEN_THREADS:-16}; GEN_WINDOW=${GEN_WINDOW:-1}; GEN_RUN=${GEN_RUN:-100}
GEN_HEAP=${GEN_HEAP:-1g}

for tool in java jcmd jstat python3; do
  command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
if [ ! -f "$JAR" ] || [ ! -f "$TEST_CLASSES/io/tandem/bench/ScaleStoreGenerator.class" ]; then
  echo "no $JAR or generator in $TEST_CLASSES; build first:" >&2
  echo "  (cd $MAIN && mvn -q -o -DbuildDir=$BUILD_DIR -DskipTests package)" >&2
  exit 1
fi

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b - a) / 1e9}'; }  # START_NS END_NS

if [ -n "${REUSE:-}" ]; then
  RUN=$(cd "$REUSE" && pwd); KEEP=1
  [ -f "$RUN/appliance.conf" ] || { echo "$RUN/appliance.conf is missing" >&2; exit 1; }
else
  mkdir -p "${BENCH_DIR:-/tmp}"
  avail_kb=$(df -Pk "${BENCH_DIR:-/tmp}" | awk 'NR==2 {print $4}')
  need_kb=$(( MESSAGES * 11 / 2 + USERS * 150 + 1048576 ))
  if [ "$avail_kb" -lt "$need_kb" ]; then
    echo "not enough disk in ${BENCH_DIR:-/tmp}: $((avail_kb / 1048576)) GiB free," \
      "about $((need_kb / 1048576)) GiB needed" >&2
    exit 1
  fi
  RUN=$(mktemp -d "${BENCH_DIR:-/tmp}/tandem-scale.XXXXXX") || exit 1
fi
CONF=$RUN/appliance.conf
SPID=""   # the running service

cleanup() {
  trap - EXIT INT TERM
  if [ -n "$SPID" ] && kill -0 "$SPID" 2>/dev/null; then
    kill -TERM "$SPID" 2>/dev/null
    for _ in $(seq 300); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SPID" 2>/dev/null
  fi
  if [ "${KEEP:-0}" = 1 ]; then log "kept $RUN"; else log "removing $RUN"; rm -rf "$RUN"; fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'exit 143' TERM

declare -A R   # results, printed at the end

# ---- generation ----------------------------------------------------------------------------
if [ -z "${REUSE:-}" ]; then
  mkdir -p "$RUN/store" "$RUN/state"
  cat > "$CONF" <<CONF
appliance.name = scale
store.root = $RUN/store
store.state = $RUN/state
lmtp.listen = 127.0.0.1:0
imap.listen = 127.0.0.1:0
admin.listen = 127.0.0.1:0
CONF
  log "run directory $RUN; generating $USERS users and $MESSAGES messages (log: gen.log)"
  t0=$(now_ns)
  java -Xmx"$GEN_HEAP" -cp "$JAR:$TEST_CLASSES" io.tandem.bench.ScaleStoreGenerator \
    --config "$CONF" --users "$USERS" --messages "$MESSAGES" --threads "$GEN_THREADS" \
    --window "$GEN_WINDOW" --run "$GEN_RUN" 2>&1 | tee "$RUN/gen.log" \
    | grep --line-buffered -v '\[INFO\]' >&2
  rc=${PIPESTATUS[0]}
  t1=$(now_ns)
  if [ $rc != 0 ]; then log "the generator failed (exit $rc); see $RUN/gen.log"; KEEP=1; exit 1; fi
  R[gen_total]=$(secs "$t0" "$t1")
  R[gen_users]=$(sed -n 's/.*users: \([0-9]*\) added in \([0-9.]*\) s (\([0-9]*\) users\/s).*/\2 s (\3 users\/s)/p' "$RUN/gen.log" | tail -1)
  R[gen_msgs]=$(sed -n 's/^RESULT .* seconds=\([0-9.]*\) rate=\([0-9.]*\).*/\1 s (\2 msg\/s)/p' "$RUN/gen.log" | tail -1)
  sync
fi
STORE_ROOT=$(sed -n 's/^store.root = //p' "$CONF"); STATE=$(sed -n 's/^store.state = //p' "$CONF")

# ---- the service -------------------------------------------------------------------------
LMTP_PORT=""; ADMIN_PORT=""
start_service() {  # LOG: starts the service, waits for the ready line; sets SPID, STARTUP_S
  local out=$1 t0 line
  : > "$out"
  t0=$(now_ns)
  java -Xmx"$HEAP" -jar "$JAR" serve --config "$CONF" > "$out" 2>&1 &
  SPID=$!
  for _ in $(seq $((START_TIMEOUT * 50))); do
    line=$(grep -m1 '^tandem: ready' "$out") && break
    kill -0 "$SPID" 2>/dev/null || break
    sleep 0.02
  done
  STARTUP_S=$(secs "$t0" "$(now_ns)")
  if [ -z "${line:-}" ]; then
    log "no ready line: $(tail -5 "$out")"; return 1
  fi
  LMTP_PORT=$(sed -n 's/.* lmtp=[^ ]*:\([0-9]*\).*/\1/p' <<< "$line")
  ADMIN_PORT=$(sed -n 's/.* admin=[^ ]*:\([0-9]*\).*/\1/p' <<< "$line")
  [ "$(cat /proc/$SPID/comm 2>/dev/null)" = java ] || { log "pid $SPID is not java"; return 1; }
}

stop_service() {  # SIGTERM, wait; sets STOP_S and STOP_RC
  local t0; t0=$(now_ns)
  kill -TERM "$SPID"; wait "$SPID"; STOP_RC=$?
  STOP_S=$(secs "$t0" "$(now_ns)"); SPID=""
}

kill9_service() { kill -KILL "$SPID"; wait "$SPID" 2>/dev/null; SPID=""; }

replayed() {  # LOG: "N entries" from the recovery line
  sed -n 's/.*Recovery: replayed journal entries \([0-9]*\.\.[0-9]*\) (\([0-9]*\) entries).*/\2 entries/p' "$1" | tail -1
}

proc_figures() {  # PREFIX: heap (jstat), live heap after a full GC, RSS, fds, threads
  local p=$1 used committed
  read -r used committed < <(jstat -gc "$SPID" | awk 'NR==1 {for (i = 1; i <= NF; i++) h[$i] = i}
    NR==2 {printf "%.1f %.1f\n", ($h["S0U"] + $h["S1U"] + $h["EU"] + $h["OU"]) / 1024,
      ($h["S0C"] + $h["S1C"] + $h["EC"] + $h["OC"]) / 1024}')
  R[${p}_heap_used]=$used; R[${p}_heap_committed]=$committed
  R[${p}_rss]=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' /proc/$SPID/status)
  R[${p}_fds]=$(ls /proc/$SPID/fd | wc -l)
  R[${p}_threads]=$(awk '/Threads/ {print $2}' /proc/$SPID/status)
  jcmd "$SPID" GC.heap_info > "$RUN/heap-$p.txt" 2>&1
  jcmd "$SPID" GC.run > /dev/null 2>&1
  R[${p}_heap_live]=$(jstat -gc "$SPID" | awk 'NR==1 {for (i = 1; i <= NF; i++) h[$i] = i}
    NR==2 {printf "%.1f", ($h["S0U"] + $h["S1U"] + $h["EU"] + $h["OU"]) / 1024}')
  R[${p}_meta]=$(jstat -gc "$SPID" | awk 'NR==1 {for (i = 1; i <= NF; i++) h[$i] = i}
    NR==2 {printf "%.1f", $h["MU"] / 1024}')
}

lmtp() {  # N C -> JSON on stdout
  python3 "$HERE/lmtp_spread.py" --port "$LMTP_PORT" -n "$1" -c "$2" --users "$USERS"
}
jget() { python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d.get(sys.argv[2]))' "$1" "$2"; }

ACKED=0   # LMTP deliveries acknowledged (for the file count check)
JVM_S=$( t0=$(now_ns); java -Xmx"$HEAP" -jar "$JAR" --version > /dev/null 2>&1; secs "$t0" "$(now_ns)")

# (a) clean start-ups, with (c) process figures, (d) one LMTP delivery, (e) status
if [ "${COLD:-0}" = 1 ]; then
  if [ "$(id -u)" = 0 ]; then
    sync; echo 3 > /proc/sys/vm/drop_caches
    start_service "$RUN/serve-cold.log" || exit 1
    R[cold_start]=$STARTUP_S; log "start-up with a cold page cache: $STARTUP_S s"
    stop_service; [ "$STOP_RC" = 0 ] || log "stop after the cold start exited $STOP_RC"
  else
    log "COLD=1 needs root to drop the page cache; skipped"
  fi
fi
STARTUPS=(); STOPS=(); STOP_RCS=(); STATUS_TIMES=()
for rep in $(seq 1 "$STARTS"); do
  start_service "$RUN/serve-$rep.log" || exit 1
  STARTUPS+=("$STARTUP_S"); log "start $rep: ready after $STARTUP_S s (lmtp $LMTP_PORT, admin $ADMIN_PORT)"
  if [ "$rep" = 1 ]; then
    sleep 2   # let start-up garbage settle the way it would on a real box
    proc_figures start
    one=$(lmtp 1 1); R[lmtp_one]=$one; ACKED=$((ACKED + $(jget "$one" acked)))
    log "LMTP delivery to $(jget "$one" first_user): acked $(jget "$one" acked), $(jget "$one" p50_ms) ms"
  else
    one=$(lmtp 1 1); ACKED=$((ACKED + $(jget "$one" acked)))
    [ "$(jget "$one" acked)" = 1 ] || log "LMTP delivery after start $rep failed: $one"
  fi
  t0=$(now_ns)
  java -Xmx"$HEAP" -jar "$JAR" status --config "$CONF" --json > "$RUN/status-$rep.json" 2> "$RUN/status-$rep.err"
  src=$?; st=$(secs "$t0" "$(now_ns)")
  STATUS_TIMES+=("$st"); log "tandem status --json: exit $src in $st s"
  if [ "$rep" = 1 ]; then
    R[status_rc]=$src
    R[status_messages]=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["store"]["messages"])' "$RUN/status-1.json" 2>/dev/null)
    R[status_users]=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["store"]["users"])' "$RUN/status-1.json" 2>/dev/null)
    t0=$(now_ns)
    curl -s -o /dev/null "http://127.0.0.1:$ADMIN_PORT/api/status"
    R[status_cached]=$(secs "$t0" "$(now_ns)")
    t0=$(now_ns)
    java -Xmx"$HEAP" -jar "$JAR" --version > /dev/null 2>&1
    R[cli_jvm]=$(secs "$t0" "$(now_ns)")
  fi
  stop_service; STOPS+=("$STOP_S"); STOP_RCS+=("$STOP_RC")
  log "stop $rep: exit $STOP_RC after $STOP_S s"
done

# (b) start-up after kill -9, each time right after a burst of LMTP deliveries
KSTARTS=(); KREPLAYS=()
if [ "$KILLS" -gt 0 ]; then
  start_service "$RUN/serve-k0.log" || exit 1
  for k in $(seq 1 "$KILLS"); do
    burst=$(lmtp "$BURST" 4); ACKED=$((ACKED + $(jget "$burst" acked)))
    kill9_service
    log "kill -9 after $(jget "$burst" acked) acknowledged LMTP deliveries ($(jget "$burst" rate) msg/s)"
    start_service "$RUN/serve-k$k.log" || exit 1
    KSTARTS+=("$STARTUP_S"); KREPLAYS+=("$(replayed "$RUN/serve-k$k.log")")
    log "restart $k after kill -9: ready after $STARTUP_S s, recovery replayed ${KREPLAYS[-1]}"
  done
else
  start_service "$RUN/serve-k0.log" || exit 1
fi

# live load: LMTP deliveries to random users with the service's heap, then the figures again
live=$(lmtp "$LIVE_N" "$LIVE_C"); R[live]=$live; ACKED=$((ACKED + $(jget "$live" acked)))
log "live load: $live"
proc_figures load
stop_service; R[final_stop]="exit $STOP_RC after $STOP_S s"
log "final stop: ${R[final_stop]}"

# (f) disk
log "measuring disk use and counting message files"
R[du_store]=$(du -sh "$STORE_ROOT" | cut -f1)
R[du_state]=$(du -sh "$STATE" | cut -f1)
R[du_journal]=$(du -sh "$STATE/journal" | cut -f1)
R[du_index]=$(du -sh "$STATE/index" | cut -f1)
R[journal_segments]=$(ls "$STATE/journal" | wc -l)
R[users_file]=$(du -h "$STATE/users" | cut -f1)
R[files]=$(find "$STORE_ROOT" -path '*/new/*' -type f -o -path '*/cur/*' -type f | wc -l)
R[index_files]=$(ls "$STATE/index" | wc -l)
if [ -z "${REUSE:-}" ]; then
  EXPECTED=$((MESSAGES + ACKED))
  [ "${R[files]}" = "$EXPECTED" ] && R[files_check]="= $MESSAGES generated + $ACKED via LMTP" \
    || R[files_check]="MISMATCH: expected $MESSAGES generated + $ACKED via LMTP = $EXPECTED"
else
  R[files_check]="(reused store; $ACKED delivered via LMTP in this run)"
fi

# ---- report ----------------------------------------------------------------------------------
join() { local IFS=", "; echo "$*"; }
minmax() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {printf "median %s (min %s, max %s)", a[int((NR + 1) / 2)], a[1], a[NR]}'; }
ok() { awk -v x="$1" -v lim="$2" 'BEGIN {print (x < lim) ? "yes" : "NO"}'; }
max_of() { printf '%s\n' "$@" | sort -n | tail -1; }
all_zero=yes; for rc in "${STOP_RCS[@]}"; do [ "$rc" = 0 ] || all_zero=no; done
one=${R[lmtp_one]}; live=${R[live]}

cat <<EOF

## Scale benchmark, $(date -u +"%Y-%m-%d %H:%M UTC")

- Command: \`bench/scale/run-scale-bench.sh $USERS $MESSAGES\` (HEAP=$HEAP, STARTS=$STARTS, KILLS=$KILLS, BURST=$BURST, LIVE_N=$LIVE_N, LIVE_C=$LIVE_C${REUSE:+, REUSE=$REUSE}${COLD:+, COLD=$COLD})
- Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, kernel $(uname -r), $(java -version 2>&1 | head -1)
- Disk: $(df -hT "$RUN" | awk 'NR==2 {print $1 " (" $2 ", " $3 " total, " $5 " free after the run, " $7 ")"}'), run directory $RUN

| what | figure |
|---|---|
EOF
if [ -z "${REUSE:-}" ]; then
  cat <<EOF
| store generated | $USERS users, $MESSAGES messages (2-4 KiB), $GEN_THREADS threads, window $GEN_WINDOW, run $GEN_RUN |
| generation: users / messages / total | ${R[gen_users]} / ${R[gen_msgs]} / ${R[gen_total]} s |
EOF
fi
cat <<EOF
| JVM alone (\`java -Xmx$HEAP -jar tandem.jar --version\`) | $JVM_S s |
EOF
[ -n "${R[cold_start]:-}" ] && echo "| start-up, page cache dropped | ${R[cold_start]} s |"
cat <<EOF
| start-up to ready line, clean stop before (x$STARTS) | $(minmax "${STARTUPS[@]}"): $(join "${STARTUPS[@]}") s |
| SIGTERM stop (x$STARTS) | $(join "${STOPS[@]}") s, exit codes $(join "${STOP_RCS[@]}") |
EOF
[ "$KILLS" -gt 0 ] && cat <<EOF
| start-up after kill -9 (x$KILLS, each after $BURST LMTP deliveries) | $(minmax "${KSTARTS[@]}"): $(join "${KSTARTS[@]}") s; replayed $(join "${KREPLAYS[@]}") |
EOF
cat <<EOF
| heap after start: used / committed / live after full GC (MiB) | ${R[start_heap_used]} / ${R[start_heap_committed]} / ${R[start_heap_live]} (metaspace ${R[start_meta]}) |
| RSS / open fds / threads after start | ${R[start_rss]} MiB / ${R[start_fds]} / ${R[start_threads]} |
| one LMTP delivery to $(jget "$one" first_user) | acked $(jget "$one" acked) of 1, $(jget "$one" p50_ms) ms |
| \`tandem status --json\` (x$STARTS, first call after start: counts all users) | $(join "${STATUS_TIMES[@]}") s (exit ${R[status_rc]}; reports ${R[status_users]} users, ${R[status_messages]} messages); CLI JVM alone ${R[cli_jvm]} s; cached answer via curl ${R[status_cached]} s |
| LMTP to random users: $LIVE_N msgs, $LIVE_C conns | $(jget "$live" rate) msg/s, p50 $(jget "$live" p50_ms) ms, p99 $(jget "$live" p99_ms) ms, acked $(jget "$live" acked), errors $(jget "$live" errors) |
| heap after that load: used / committed / live (MiB) | ${R[load_heap_used]} / ${R[load_heap_committed]} / ${R[load_heap_live]} |
| RSS / open fds / threads after that load | ${R[load_rss]} MiB / ${R[load_fds]} / ${R[load_threads]} |
| final stop | ${R[final_stop]} |
| disk: store root / state (journal, index) | ${R[du_store]} / ${R[du_state]} (${R[du_journal]} in ${R[journal_segments]} segments, ${R[du_index]} in ${R[index_files]} files; users file ${R[users_file]}) |
| message files in the maildirs | ${R[files]} ${R[files_check]} |

Target: start-up under 10 s with a $HEAP heap: $(ok "$(max_of "${STARTUPS[@]}" "${KSTARTS[@]}" ${R[cold_start]:-})" 10) (slowest $(max_of "${STARTUPS[@]}" "${KSTARTS[@]}" ${R[cold_start]:-}) s); every SIGTERM stop exited 0: $all_zero
EOF
