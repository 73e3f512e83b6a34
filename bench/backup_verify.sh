#!/usr/bin/env bash
# Benchmark: `bulwark backup` against a bare `pg_dump`, and `bulwark verify` (full) against a bare
# `pg_restore`, on a generated database of about 1.1 GB. See bench/README.md.
#
# Usage (from the repository root):   bench/backup_verify.sh [SCALE]
#   SCALE        pgbench scale factor (default 40: ~0.6 GB of pgbench tables + ~0.5 GB wide text)
# Environment:
#   RUNS=N       run every timed operation N times and keep the best (default 1)
#   JOBS=N       parallel jobs for pg_dump / pg_restore / bulwark -j (default 2)
#   WIDE_ROWS=N  rows of ~1.5 kB text in the wide table (default 300000)
#   BENCH_TMPDIR directory for the clusters, dumps and repository (default /tmp); needs ~6 GB
#   BENCH_STRICT=1  exit 4 when a target is missed
# Everything it starts listens on 127.0.0.1 only and is stopped and deleted on exit.
set -euo pipefail

SCALE="${1:-40}"
RUNS="${RUNS:-1}"
JOBS="${JOBS:-2}"
WIDE_ROWS="${WIDE_ROWS:-300000}"
BACKUP_TARGET=1.15   # bulwark backup <= 1.15 x bare pg_dump
VERIFY_TARGET=1.5    # bulwark verify (full) <= 1.5 x bare pg_restore
GIB=1073741824

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[[ "$SCALE" =~ ^[1-9][0-9]*$ ]] || die "SCALE must be a positive integer, not '$SCALE'"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || die "JOBS must be a positive integer, not '$JOBS'"
[[ "$WIDE_ROWS" =~ ^[0-9]+$ ]] || die "WIDE_ROWS must be a number, not '$WIDE_ROWS'"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -x ./bulwark ] || die "run from a Bulwark checkout (no ./bulwark in $ROOT)"

use_pg_binaries initdb pg_ctl psql pgbench pg_dump pg_restore
command -v jq >/dev/null || die "jq is required to read bulwark's --json output"
use_server_user

WORK="$(mktemp -d "${BENCH_TMPDIR:-/tmp}/bulwark-bench.XXXXXX")"
chmod 755 "$WORK"   # the server user must reach its clusters below
PROD="$WORK/prod"
REPO="$WORK/repo"
BARE_DUMP="$WORK/bare-dump"
CONFIG="$WORK/bulwark.yaml"
export BULWARK_SANDBOX_DIR="$WORK/sandboxes"   # bulwark's verify sandbox lives here, removed with the rest
RESTORE_DIRS=()


stop_servers() {
  for d in "${RESTORE_DIRS[@]}"; do stop_cluster "$d" fast; done
  # A bulwark sandbox outlives its JVM only if the JVM was killed; stop it too.
  for d in "$BULWARK_SANDBOX_DIR"/sb-*; do [ -d "$d" ] && stop_cluster "$d" immediate; done
  stop_cluster "$PROD" fast
}
cleanup_on_exit


BENCH_PW="$(random_password)"
export BENCH_PW
export PGPASSWORD="$BENCH_PW"   # for the bare tools; bulwark gets it from the config's ${BENCH_PW}

best() { if [ -z "$1" ]; then echo "$2"; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b < a ? b : a) }'; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b / a }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t ? "PASS" : "MISS") }'; }

# --- 1. production server --------------------------------------------------------------------
log "work directory $WORK; PostgreSQL binaries $PGBIN"
log "building bulwark if needed (not timed)"
./bulwark --version > /dev/null

PROD_PORT="$(free_port)"
new_cluster "$PROD"
start_cluster "$PROD" "$PROD_PORT" -c max_wal_size=4GB
log "production server on 127.0.0.1:$PROD_PORT"
PG_VERSION="$(psql_at "$PROD_PORT" postgres -At -c 'SHOW server_version')"

# --- 2. data ---------------------------------------------------------------------------------
create_bench_database "$PROD_PORT" "$SCALE" "$WIDE_ROWS" "$WORK/pgbench.log"
psql_at "$PROD_PORT" bench -c "SELECT c.relname AS relation, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC" >&2
if [ "$DB_BYTES" -lt "$GIB" ]; then
  if [ -z "${1:-}" ]; then die "the default data set is only $DB_SIZE, below 1 GiB"; fi
  log "WARNING: the database is below 1 GiB at SCALE=$SCALE"
fi

cat > "$CONFIG" <<YAML
databases:
  bench:
    url: postgresql://postgres:\${BENCH_PW}@127.0.0.1:$PROD_PORT/bench
repository:
  path: $REPO
YAML

# --- 3. timed runs ---------------------------------------------------------------------------
# Bare and bulwark runs are interleaved (and their order alternates from run to run) so that slow
# drifts of the machine hit both sides alike. `sync` before every timed run (not timed) keeps the
# write-back of the previous step out of the next measurement.

# The same settings bulwark's verification sandbox uses (postgres/Sandbox.java).
SANDBOX_SETTINGS=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off
  -c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=8GB -c checkpoint_timeout=1h
  -c autovacuum=off -c shared_buffers=256MB -c maintenance_work_mem=512MB
  -c max_locks_per_transaction=512 -c max_connections=40)

BARE_DUMP_S=""; BULWARK_BACKUP_S=""; BARE_RESTORE_S=""; STOCK_RESTORE_S=""; BULWARK_VERIFY_S=""; BARE_SETUP_S=""
ALL_BARE_DUMP=(); ALL_BULWARK_BACKUP=(); ALL_BARE_RESTORE=(); ALL_STOCK_RESTORE=(); ALL_BULWARK_VERIFY=()

# a. bare pg_dump
bare_dump() {
  rm -rf "$BARE_DUMP"; sync
  log "bare pg_dump -Fd -j$JOBS (run $1/$RUNS)"
  local t0 t
  t0="$(now)"
  "$PGBIN/pg_dump" -h 127.0.0.1 -p "$PROD_PORT" -U postgres --no-password -Fd -j "$JOBS" -f "$BARE_DUMP" bench
  t="$(secs "$t0" "$(now)")"
  log "  $t s"
  ALL_BARE_DUMP+=("$t"); BARE_DUMP_S="$(best "$BARE_DUMP_S" "$t")"
}

# b. bulwark backup (one backup in the repository at a time; removing the previous is not timed)
bulwark_backup() {
  rm -rf "$REPO"; sync
  log "bulwark backup -j $JOBS (run $1/$RUNS)"
  local t0 t
  t0="$(now)"
  env -u PGPASSWORD ./bulwark --config "$CONFIG" --json backup -j "$JOBS" > "$WORK/backup.json" 2> "$WORK/backup.err" \
    || { cat "$WORK/backup.err" "$WORK/backup.json" >&2; die "bulwark backup failed"; }
  t="$(secs "$t0" "$(now)")"
  log "  $t s  durations_ms: $(jq -c .durations_ms "$WORK/backup.json")"
  if [ -z "$BULWARK_BACKUP_S" ] || [ "$(best "$BULWARK_BACKUP_S" "$t")" = "$t" ]; then
    cp "$WORK/backup.json" "$WORK/backup.best.json"
  fi
  ALL_BULWARK_BACKUP+=("$t"); BULWARK_BACKUP_S="$(best "$BULWARK_BACKUP_S" "$t")"
}

# c. bare pg_restore into a fresh server; only pg_restore is timed. Two kinds of server: one with
# the sandbox's settings (the strict comparison: same server, Bulwark's work on top) and one with
# PostgreSQL's stock settings (what a restore by hand into a test server usually meets).
bare_restore() {   # run-number kind(tuned|stock)
  local dir="$WORK/restore-$1-$2" port t0 t
  RESTORE_DIRS+=("$dir")
  log "bare restore server ($2): initdb + start + createdb (run $1/$RUNS, not timed)"
  t0="$(now)"
  new_cluster "$dir" --no-sync
  port="$(free_port)"
  if [ "$2" = tuned ]; then start_cluster "$dir" "$port" "${SANDBOX_SETTINGS[@]}"; else start_cluster "$dir" "$port"; fi
  psql_at "$port" postgres -c "CREATE DATABASE restored TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
  BARE_SETUP_S="$(best "$BARE_SETUP_S" "$(secs "$t0" "$(now)")")"
  sync
  log "bare pg_restore -j$JOBS into the $2 server (run $1/$RUNS)"
  t0="$(now)"
  "$PGBIN/pg_restore" -h 127.0.0.1 -p "$port" -U postgres --no-password -j "$JOBS" --no-tablespaces \
    -d restored "$BARE_DUMP" 2> "$WORK/bare-restore.err" \
    || { cat "$WORK/bare-restore.err" >&2; die "bare pg_restore failed"; }
  t="$(secs "$t0" "$(now)")"
  log "  $t s"
  if [ "$2" = tuned ]; then
    ALL_BARE_RESTORE+=("$t"); BARE_RESTORE_S="$(best "$BARE_RESTORE_S" "$t")"
  else
    ALL_STOCK_RESTORE+=("$t"); STOCK_RESTORE_S="$(best "$STOCK_RESTORE_S" "$t")"
  fi
  stop_cluster "$dir" fast
  rm -rf "$dir"
}

# d. bulwark verify, full: the whole command is timed
bulwark_verify() {
  local t0 t rc
  sync
  log "bulwark verify -j $JOBS (full; run $1/$RUNS)"
  t0="$(now)"
  set +e
  env -u PGPASSWORD ./bulwark --config "$CONFIG" --json verify -j "$JOBS" > "$WORK/verify.json" 2> "$WORK/verify.err"
  rc=$?
  set -e
  t="$(secs "$t0" "$(now)")"
  if [ "$rc" -ne 0 ]; then
    echo "================ bulwark verify FAILED (exit $rc) ================" >&2
    cat "$WORK/verify.err" >&2
    jq -c '.checks[]? | select(.passed == false)' "$WORK/verify.json" >&2 2>/dev/null || cat "$WORK/verify.json" >&2
    die "bulwark verify exited $rc: the backup was not verified, the benchmark is void"
  fi
  log "  $t s  (pg_restore inside: $(jq -r '.restore.duration_ms' "$WORK/verify.json") ms)"
  if [ -z "$BULWARK_VERIFY_S" ] || [ "$(best "$BULWARK_VERIFY_S" "$t")" = "$t" ]; then
    cp "$WORK/verify.json" "$WORK/verify.best.json"
  fi
  ALL_BULWARK_VERIFY+=("$t"); BULWARK_VERIFY_S="$(best "$BULWARK_VERIFY_S" "$t")"
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$RUNS"); do
  if (( r % 2 )); then bare_dump "$r"; bulwark_backup "$r"; else bulwark_backup "$r"; bare_dump "$r"; fi
done
# Verification reads the last backup; the production server stays up but idle from here on.
for r in $(seq 1 "$RUNS"); do
  if (( r % 2 )); then bare_restore "$r" tuned; bulwark_verify "$r"; bare_restore "$r" stock
  else bare_restore "$r" stock; bulwark_verify "$r"; bare_restore "$r" tuned; fi
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
BARE_DUMP_BYTES="$(du -sb "$BARE_DUMP" | cut -f1)"
BULWARK_DUMP_BYTES="$(jq -r .size_bytes "$WORK/backup.best.json")"

# --- 4. results ------------------------------------------------------------------------------
B_RATIO="$(ratio "$BARE_DUMP_S" "$BULWARK_BACKUP_S")"
V_RATIO="$(ratio "$BARE_RESTORE_S" "$BULWARK_VERIFY_S")"
B_RES="$(verdict "$B_RATIO" "$BACKUP_TARGET")"
V_RES="$(verdict "$V_RATIO" "$VERIFY_TARGET")"
S_RATIO="$(ratio "$STOCK_RESTORE_S" "$BULWARK_VERIFY_S")"
S_RES="$(verdict "$S_RATIO" "$VERIFY_TARGET")"
VF_PHASES="$(jq -r '.restore.phases_ms | to_entries | map("\(.key) \(.value / 1000)s") | join(", ")' "$WORK/verify.best.json")"

ms() { awk -v m="$1" 'BEGIN { printf "%.2f", m / 1000 }'; }
BK_DUMP="$(ms "$(jq -r .durations_ms.dump "$WORK/backup.best.json")")"
BK_TOTAL="$(ms "$(jq -r .durations_ms.total "$WORK/backup.best.json")")"
BK_AFTER="$(awk -v t="$BK_TOTAL" -v d="$BK_DUMP" 'BEGIN { printf "%.2f", t - d }')"
BK_JVM="$(awk -v w="$BULWARK_BACKUP_S" -v t="$BK_TOTAL" 'BEGIN { printf "%.2f", w - t }')"
VF_RESTORE="$(ms "$(jq -r .restore.duration_ms "$WORK/verify.best.json")")"
VF_REST="$(awk -v w="$BULWARK_VERIFY_S" -v r="$VF_RESTORE" 'BEGIN { printf "%.2f", w - r }')"
VF_TABLES="$(jq -r '.tables | length' "$WORK/verify.best.json")"
VF_CHECKS="$(jq -r '.checks | length' "$WORK/verify.best.json")"

CPUS="$(nproc)"
MEM_GIB="$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
CPU_MODEL="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
BULWARK_VERSION="$(./bulwark --version 2>/dev/null | head -1 || echo '?')"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
mib() { awk -v b="$1" 'BEGIN { printf "%.0f MiB", b / 1048576 }'; }

{
  printf '\n%-34s %10s %12s %7s %9s  %s\n' "operation" "bare (s)" "bulwark (s)" "ratio" "target" "result"
  printf '%-34s %10s %12s %7s %9s  %s\n' "backup (pg_dump -Fd -j$JOBS)" "$BARE_DUMP_S" "$BULWARK_BACKUP_S" "${B_RATIO}x" "<= ${BACKUP_TARGET}x" "$B_RES"
  printf '%-34s %10s %12s %7s %9s  %s\n' "verify vs pg_restore (tuned srv)" "$BARE_RESTORE_S" "$BULWARK_VERIFY_S" "${V_RATIO}x" "<= ${VERIFY_TARGET}x" "$V_RES"
  printf '%-34s %10s %12s %7s %9s  %s\n' "verify vs pg_restore (stock srv)" "$STOCK_RESTORE_S" "$BULWARK_VERIFY_S" "${S_RATIO}x" "<= ${VERIFY_TARGET}x" "$S_RES"
  echo
  echo "database:   $DB_SIZE ($DB_BYTES bytes; pgbench scale $SCALE + $WIDE_ROWS wide rows); dumps: bare $(mib "$BARE_DUMP_BYTES"), bulwark $(mib "$BULWARK_DUMP_BYTES")"
  echo "machine:    $CPUS CPUs ($CPU_MODEL), $MEM_GIB GiB RAM; PostgreSQL $PG_VERSION; $BULWARK_VERSION ($COMMIT); jobs $JOBS; best of $RUNS; load average before/after the timed runs: $LOAD_BEFORE / $LOAD_AFTER"
  echo "bare restore: pg_restore only; the fresh server's initdb + start + createdb took another ${BARE_SETUP_S} s"
  echo "bulwark verify: whole command, incl. JVM start, checksums, initdb + start of its sandbox, restore and reading everything back"
  echo "backup breakdown:  pg_dump inside bulwark (row counts alongside) ${BK_DUMP} s | after the dump (SHA-256, manifest) ${BK_AFTER} s | JVM start, connect, snapshot ${BK_JVM} s"
  echo "verify breakdown:  restore inside bulwark ${VF_RESTORE} s | everything else ${VF_REST} s ($VF_TABLES tables, $VF_CHECKS checks, all passed)"
  echo "verify phases:     $VF_PHASES"
  echo "all runs (s):      pg_dump ${ALL_BARE_DUMP[*]} | bulwark backup ${ALL_BULWARK_BACKUP[*]} | pg_restore tuned ${ALL_BARE_RESTORE[*]} | pg_restore stock ${ALL_STOCK_RESTORE[*]} | bulwark verify ${ALL_BULWARK_VERIFY[*]}"
} | tee "$WORK/summary.txt"

mkdir -p "$ROOT/bench/results"
cat > "$ROOT/bench/results/latest.md" <<MD
<!-- written by bench/backup_verify.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ) -->
| operation | bare (s) | bulwark (s) | ratio | target | result |
|---|---:|---:|---:|---:|:---:|
| backup: \`pg_dump -Fd -j$JOBS\` vs \`bulwark backup -j $JOBS\` | $BARE_DUMP_S | $BULWARK_BACKUP_S | ${B_RATIO}x | <= ${BACKUP_TARGET}x | $B_RES |
| full verification: \`pg_restore -j$JOBS\` into a server with the sandbox's settings vs \`bulwark verify -j $JOBS\` | $BARE_RESTORE_S | $BULWARK_VERIFY_S | ${V_RATIO}x | <= ${VERIFY_TARGET}x | $V_RES |
| full verification: \`pg_restore -j$JOBS\` into a server with stock settings vs \`bulwark verify -j $JOBS\` | $STOCK_RESTORE_S | $BULWARK_VERIFY_S | ${S_RATIO}x | <= ${VERIFY_TARGET}x | $S_RES |

- Database: $DB_SIZE (\`pg_database_size\` $DB_BYTES bytes): pgbench scale $SCALE plus $WIDE_ROWS rows of ~1.5 kB md5 text. Dump size: bare $(mib "$BARE_DUMP_BYTES"), bulwark $(mib "$BULWARK_DUMP_BYTES").
- Machine: $CPUS CPUs ($CPU_MODEL), $MEM_GIB GiB RAM; PostgreSQL $PG_VERSION; $BULWARK_VERSION (commit $COMMIT); best of $RUNS run(s); load average before/after the timed runs $LOAD_BEFORE / $LOAD_AFTER (anything else running on the machine skews the numbers).
- Bare restore times \`pg_restore\` alone, into a fresh server (initdb + start + createdb: another $BARE_SETUP_S s, not counted): once with the settings of Bulwark's sandbox (fsync off, wal_level minimal, …: the strict comparison), once with PostgreSQL's stock settings.
- \`bulwark verify\` is the whole command: JVM start, checksums, initdb and start of its own sandbox, restore, and reading the dump's data files and every restored table back.
- Backup breakdown (best run): pg_dump inside bulwark $BK_DUMP s (the snapshot's row counts run alongside it), after the dump (SHA-256 of the files, manifest) $BK_AFTER s, JVM start, connect and snapshot export $BK_JVM s.
- Verify breakdown (best run): restore inside bulwark $VF_RESTORE s, everything else $VF_REST s ($VF_TABLES tables, $VF_CHECKS checks, all passed). Phases: $VF_PHASES.
- All runs (s): pg_dump ${ALL_BARE_DUMP[*]}; bulwark backup ${ALL_BULWARK_BACKUP[*]}; pg_restore (tuned) ${ALL_BARE_RESTORE[*]}; pg_restore (stock) ${ALL_STOCK_RESTORE[*]}; bulwark verify ${ALL_BULWARK_VERIFY[*]}.
MD
log "markdown table written to bench/results/latest.md"

if [ "${BENCH_STRICT:-0}" = 1 ] && { [ "$B_RES" = MISS ] || [ "$V_RES" = MISS ] || [ "$S_RES" = MISS ]; }; then
  exit 4
fi
