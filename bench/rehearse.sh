#!/usr/bin/env bash
# Benchmark: the first `bulwark rehearse` of a migration (which restores the backup into a template) and
# the ones after it (which clone the kept template), on the same generated ~1.1 GB database as
# bench/backup_verify.sh. Target: the second rehearsal at least 5x faster than the first. See bench/README.md.
#
# Usage (from the repository root):   bench/rehearse.sh [SCALE]
#   SCALE        pgbench scale factor (default 40: ~0.6 GB of pgbench tables + ~0.5 GB wide text)
# Environment:
#   RUNS=N       rehearsals after the first, the best of which is compared (default 3)
#   JOBS=N       parallel jobs for backup, verify and the template's restore (default 2)
#   WIDE_ROWS=N  rows of ~1.5 kB text in the wide table (default 300000)
#   BENCH_TMPDIR directory for the cluster, repository and template (default /tmp); needs ~5 GB
#   BENCH_STRICT=1  exit 4 when the target is missed
# Everything it starts listens on 127.0.0.1 only and is stopped and deleted on exit.
set -euo pipefail

SCALE="${1:-40}"
RUNS="${RUNS:-3}"
JOBS="${JOBS:-2}"
WIDE_ROWS="${WIDE_ROWS:-300000}"
TARGET=5   # second rehearsal >= 5 x faster than the first

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

for setting in SCALE RUNS JOBS; do
  [[ "${!setting}" =~ ^[1-9][0-9]*$ ]] || die "$setting must be a positive integer, not '${!setting}'"
done
[[ "$WIDE_ROWS" =~ ^[0-9]+$ ]] || die "WIDE_ROWS must be a number, not '$WIDE_ROWS'"
cd "$(dirname "$0")/.."
ROOT="$PWD"
[ -x ./bulwark ] || die "run from a Bulwark checkout (no ./bulwark in $ROOT)"
use_pg_binaries initdb pg_ctl psql pgbench
command -v jq >/dev/null || die "jq is required to read bulwark's --json output"
use_server_user

WORK="$(mktemp -d "${BENCH_TMPDIR:-/tmp}/bulwark-rehearse-bench.XXXXXX")"
chmod 755 "$WORK"   # the server user must reach its clusters below
PROD="$WORK/prod"
CONFIG="$WORK/bulwark.yaml"
MIGRATION="$WORK/V42__accounts_note.sql"
export BULWARK_SANDBOX_DIR="$WORK/sandboxes"   # bulwark's verify sandbox
export BULWARK_REHEARSE_DIR="$WORK/rehearse"   # the kept template

stop_servers() {
  # servers that outlive a killed bulwark (the verify sandbox), and the template cluster, which may
  # still be shutting down after the last rehearsal
  for d in "$BULWARK_SANDBOX_DIR"/sb-* "$BULWARK_REHEARSE_DIR"/*/pg*; do [ -d "$d" ] && stop_cluster "$d" immediate; done
  stop_cluster "$PROD" fast
}
cleanup_on_exit
BENCH_PW="$(random_password)"
export BENCH_PW

# --- 1. production with the benchmark data, a verified backup (none of it timed) -------------------
log "work directory $WORK; PostgreSQL binaries $PGBIN"
log "building bulwark if needed"
./bulwark --version > /dev/null
PROD_PORT="$(free_port)"
new_cluster "$PROD"
start_cluster "$PROD" "$PROD_PORT" -c max_wal_size=4GB
export PGPASSWORD="$BENCH_PW"
PG_VERSION="$(psql_at "$PROD_PORT" postgres -At -c 'SHOW server_version')"
create_bench_database "$PROD_PORT" "$SCALE" "$WIDE_ROWS" "$WORK/pgbench.log"
unset PGPASSWORD

cat > "$CONFIG" <<YAML
databases:
  bench:
    url: postgresql://postgres:\${BENCH_PW}@127.0.0.1:$PROD_PORT/bench
repository:
  path: $WORK/repo
YAML
log "bulwark backup and verify (not timed)"
./bulwark --config "$CONFIG" backup -j "$JOBS" > "$WORK/backup.out" 2>&1 || { cat "$WORK/backup.out" >&2; die "bulwark backup failed"; }
./bulwark --config "$CONFIG" verify -j "$JOBS" > "$WORK/verify.out" 2>&1 || { tail -20 "$WORK/verify.out" >&2; die "bulwark verify failed"; }
# Production is stopped: a rehearsal needs only the repository.
stop_cluster "$PROD" fast

cat > "$MIGRATION" <<'SQL'
SET lock_timeout = '5s';
ALTER TABLE pgbench_accounts ADD COLUMN note text;
ALTER TABLE pgbench_branches ADD COLUMN region text NOT NULL DEFAULT 'eu';
CREATE INDEX CONCURRENTLY pgbench_history_mtime_idx ON pgbench_history (mtime);
UPDATE pgbench_tellers SET tbalance = 0 WHERE tid <= 10;
SQL

# --- 2. timed rehearsals ----------------------------------------------------------------------
rehearse() {   # label -> prints the seconds; the report is in $WORK/<label>.json
  local t0 t rc
  sync
  t0="$(now)"
  set +e
  ./bulwark --config "$CONFIG" --json rehearse -j "$JOBS" "$MIGRATION" > "$WORK/$1.json" 2> "$WORK/$1.err"
  rc=$?
  set -e
  t="$(secs "$t0" "$(now)")"
  if [ "$rc" -gt 1 ]; then cat "$WORK/$1.err" >&2; die "bulwark rehearse exited $rc"; fi
  echo "$t"
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "first rehearsal (restores the backup into a new template)"
FIRST_S="$(rehearse first)"
log "  $FIRST_S s, template reused: $(jq -r .template.reused "$WORK/first.json"), verdict $(jq -r .verdict "$WORK/first.json")"
SECOND_S=""; ALL_SECOND=()
for r in $(seq 1 "$RUNS"); do
  log "rehearsal $((r + 1)) (clones the kept template)"
  t="$(rehearse "again-$r")"
  log "  $t s, template reused: $(jq -r .template.reused "$WORK/again-$r.json")"
  [ "$(jq -r .template.reused "$WORK/again-$r.json")" = true ] || die "rehearsal $((r + 1)) did not reuse the template"
  ALL_SECOND+=("$t")
  if [ -z "$SECOND_S" ] || awk -v a="$t" -v b="$SECOND_S" 'BEGIN { exit !(a < b) }'; then SECOND_S="$t"; BEST="again-$r"; fi
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- 3. results ---------------------------------------------------------------------------------
SPEEDUP="$(awk -v a="$FIRST_S" -v b="$SECOND_S" 'BEGIN { printf "%.1f", a / b }')"
RESULT="$(awk -v r="$SPEEDUP" -v t="$TARGET" 'BEGIN { print (r >= t ? "PASS" : "MISS") }')"
sec() { awk -v m="$(jq -r "$1" "$2")" 'BEGIN { printf "%.2f", m / 1000 }'; }
breakdown() {   # report.json
  local template
  if [ "$(jq -r .template.reused "$1")" = true ]; then
    template="starting the kept template $(sec .durations_ms.prepare "$1") s"
  else
    template="making the template $(sec .durations_ms.prepare "$1") s (pg_restore $(sec .template.restore_ms "$1") s)"
  fi
  echo "$template, copying it $(sec .durations_ms.clone_database "$1") s, statements $(sec .durations_ms.statements "$1") s, measuring $(sec .durations_ms.measure "$1") s; the rehearsal $(sec .durations_ms.total "$1") s"
}
CPUS="$(nproc)"
CPU_MODEL="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
{
  echo
  printf '%-44s %8s\n' "rehearsal of $(basename "$MIGRATION")" "seconds"
  printf '%-44s %8s\n' "first (restore into a new template)" "$FIRST_S"
  printf '%-44s %8s\n' "second (clone of the kept template), best" "$SECOND_S"
  printf '%-44s %8s  target >= %sx: %s\n' "speed-up" "${SPEEDUP}x" "$TARGET" "$RESULT"
  echo
  echo "database:   $DB_SIZE ($DB_BYTES bytes; pgbench scale $SCALE + $WIDE_ROWS wide rows); verdict $(jq -r .verdict "$WORK/first.json")"
  echo "machine:    $CPUS CPUs ($CPU_MODEL); PostgreSQL $PG_VERSION; commit $COMMIT; jobs $JOBS; load average before/after: $LOAD_BEFORE / $LOAD_AFTER"
  echo "first:      $(breakdown "$WORK/first.json")"
  echo "second:     $(breakdown "$WORK/$BEST.json")"
  echo "all later rehearsals (s): ${ALL_SECOND[*]}"
} | tee "$WORK/summary.txt"

mkdir -p "$ROOT/bench/results"
cat > "$ROOT/bench/results/rehearse-latest.md" <<MD
<!-- written by bench/rehearse.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ) -->
| \`bulwark rehearse\` of a 5-statement migration | seconds |
|---|---:|
| first: restores the backup into a new template, then clones it | $FIRST_S |
| second: clones the kept template (best of $RUNS) | $SECOND_S |
| speed-up (target >= ${TARGET}x) | ${SPEEDUP}x: $RESULT |

- Database: $DB_SIZE (\`pg_database_size\` $DB_BYTES bytes): pgbench scale $SCALE plus $WIDE_ROWS rows of ~1.5 kB md5 text, backed up and verified before the timed runs (production is stopped for them: a rehearsal needs only the repository).
- Machine: $CPUS CPUs ($CPU_MODEL); PostgreSQL $PG_VERSION; commit $COMMIT; jobs $JOBS; load average before/after $LOAD_BEFORE / $LOAD_AFTER.
- Times are the whole command (JVM start to exit), from the shell.
- First, from its report (\`durations_ms\`): $(breakdown "$WORK/first.json").
- Second (best), from its report: $(breakdown "$WORK/$BEST.json"). The rest of the wall time is the JVM's start, reading the config, dropping the copy and printing.
- All later rehearsals (s): ${ALL_SECOND[*]}.
MD
log "markdown table written to bench/results/rehearse-latest.md"

if [ "${BENCH_STRICT:-0}" = 1 ] && [ "$RESULT" = MISS ]; then exit 4; fi
