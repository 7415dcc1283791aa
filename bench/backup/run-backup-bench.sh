#!/bin/bash
# Backup benchmark: a store of MESSAGES small messages (BIG in one user, the rest over USERS
# users), a first full backup, a night with 1 % change and its incremental run (bytes read from
# the store: only the new bodies), and the restore of the big user (messages per second).
#
#   bench/backup/run-backup-bench.sh [MESSAGES] [USERS] [BIG]     (default 100000 1000 10000)
#
# BUILD_DIR (default target) must hold test-classes and the dependencies (mvn -DbuildDir=...
# test-compile dependency:build-classpath is run here). BENCH_DIR (default /tmp) holds the run;
# the target is a folder beside the store (backup.allow_same_device: one disk). HEAP (default 256m,
# the service's heap) is the JVM heap: the backup's memory is bounded by the largest user (ADR 0021).
# JAVA_OPTS are passed to the JVM (e.g. -Xlog:gc:file=gc.log to see the heap after each GC).
set -euo pipefail
MESSAGES=${1:-100000}; USERS=${2:-1000}; BIG=${3:-10000}
HERE=$(cd "$(dirname "$0")" && pwd); MAIN=$(cd "$HERE/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$MAIN/target}
cd "$MAIN"
mvn -q -o -DbuildDir="$BUILD_DIR" test-compile dependency:build-classpath \
  -Dmdep.outputFile="$BUILD_DIR/cp.txt" >/dev/null
RUN=$(mktemp -d "${BENCH_DIR:-/tmp}/backup-bench.XXXXXX")
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(uname -r); run in $RUN"
java -Xmx"${HEAP:-256m}" ${JAVA_OPTS:-} -cp "$BUILD_DIR/test-classes:$BUILD_DIR/classes:$(cat "$BUILD_DIR/cp.txt")" \
  io.tandem.backup.BackupBench "$RUN" "$MESSAGES" "$USERS" "$BIG" 2>"$RUN/log.txt" \
  | grep -v '^20..-..-..T'
[ -n "${KEEP:-}" ] || rm -rf "$RUN"
