#!/usr/bin/env bash
# What archive_command = 'bulwark wal-push ...' costs per WAL segment, against a bare copy and
# gzip -1, and the archive throughput that follows. PostgreSQL starts one archive_command process
# per segment, so start-up is part of the price; it is measured on its own too.
# Usage: bench/wal_push.sh [SEGMENTS]   (default 20 segments of 16 MB)
# Environment: RUNS (best of N for the per-segment rows, default 3), BASELINE (the directory of an
# older Bulwark checkout with its jar built: adds its rows, for a before/after on the same machine
# and load), BENCH_TMPDIR.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/bench/lib.sh"
SEGMENTS="${1:-20}"
RUNS="${RUNS:-3}"
PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

BULWARK="$here/bulwark"
"$BULWARK" --version >/dev/null                                     # builds the jar before anything is timed
"$BULWARK" wal-push --help >/dev/null                               # and the launcher's class-data-sharing archive
JAVA="$("$here/scripts/find-jdk")/bin/java"
JAR="$here/target/bulwark.jar"
[ -z "${BASELINE:-}" ] || [ -f "$BASELINE/target/bulwark.jar" ] || die "BASELINE: no $BASELINE/target/bulwark.jar"
work="$(mktemp -d "${BENCH_TMPDIR:-/tmp}/bulwark-walbench.XXXXXX")"
chmod 755 "$work"
[ "$(id -u)" = 0 ] && chown postgres "$work"
trap 'stop_cluster "$work" immediate; rm -rf "$work"' EXIT

log "generating $SEGMENTS WAL segments with pgbench"
as_pg "$PGBIN/initdb" -D "$work/data" -A trust -U postgres --no-sync >/dev/null
port="$(free_port)"
as_pg "$PGBIN/pg_ctl" -D "$work/data" -l "$work/server.log" -w -o "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work -c fsync=off -c max_wal_size=4GB -c wal_keep_size=4GB" start >/dev/null
as_pg "$PGBIN/pgbench" -h "$work" -p "$port" -U postgres -i -s 25 -q postgres >/dev/null 2>&1
as_pg "$PGBIN/psql" -h "$work" -p "$port" -U postgres -qAtc "CHECKPOINT" postgres >/dev/null
mkdir -p "$work/segs" "$work/tiny"
ls "$work/data/pg_wal" | grep -E '^[0-9A-F]{24}$' | head -n "$SEGMENTS" | while read -r s; do cp "$work/data/pg_wal/$s" "$work/segs/"; done
n="$(ls "$work/segs" | wc -l)"
mb=$(( $(du -sb "$work/segs" | cut -f1) / 1048576 ))
[ "$n" -ge 1 ] || die "no segments generated"
for i in 1 2 3 4 5 6 7 8 9; do head -c 16384 /dev/zero > "$work/tiny/00000001000000000000000$i"; done
stop_cluster "$work" fast
printf 'databases:\n  app:\n    url: postgresql://postgres@127.0.0.1:%s/postgres\nrepository: { path: %s }\n' "$port" "$work/out" > "$work/bulwark.yaml"

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# One process per file into a fresh archive, as PostgreSQL runs it; best of RUNS. Prints total ms.
archive_all() {   # files-dir, command prefix (the file is appended)
  local dir="$1" best="" total t0
  shift
  for _ in $(seq "$RUNS"); do
    rm -rf "$work/out" && mkdir -p "$work/out"
    t0=$(date +%s%N)
    for f in "$dir"/*; do "$@" "$f" >/dev/null; done
    total=$(ms "$t0")
    if [ -z "$best" ] || [ "$total" -lt "$best" ]; then best=$total; fi
  done
  echo "$best"
}
segment_row() {   # label, command prefix
  local label="$1" total
  shift
  total=$(archive_all "$work/segs" "$@")
  printf '| %s | %d | %d ms | %.1f MB/s |\n' "$label" "$((total / n))" "$total" "$(echo "$mb * 1000 / $total" | bc -l)"
}
startup_row() {   # label, command prefix: pushing a 16 kB file, so that start-up is nearly all of it
  local label="$1" total
  shift
  total=$(archive_all "$work/tiny" "$@")
  printf '| %s | %d ms |\n' "$label" "$((total / 9))"
}
copy_one() { cp "$1" "$work/out/"; }
gzip_one() { gzip -1 -c "$1" > "$work/out/$(basename "$1").gz"; }
launcher() { "$BULWARK" wal-push --archive "$work/out/wal" "$1"; }
launcher_c1() { BULWARK_JAVA_OPTS=-XX:TieredStopAtLevel=1 "$BULWARK" wal-push --archive "$work/out/wal" "$1"; }
fetch_one() { "$BULWARK" wal-fetch --archive "$work/fetch-src" "$(basename "$1")" "$work/out/$(basename "$1")"; }
fetch_baseline() { "$BASELINE/bulwark" wal-fetch --archive "$work/fetch-src" "$(basename "$1")" "$work/out/$(basename "$1")"; }
launcher_no_cds() { BULWARK_CDS=off "$BULWARK" wal-push --archive "$work/out/wal" "$1"; }
launcher_config() { "$BULWARK" --config "$work/bulwark.yaml" wal-push --db app "$1"; }
launcher_config_no_cds() { BULWARK_CDS=off "$BULWARK" --config "$work/bulwark.yaml" wal-push --db app "$1"; }
plain_jar() { "$JAVA" -jar "$JAR" wal-push --archive "$work/out/wal" "$1"; }
baseline_launcher() { "$BASELINE/bulwark" wal-push --archive "$work/out/wal" "$1"; }
baseline_config() { "$BASELINE/bulwark" --config "$work/bulwark.yaml" wal-push --db app "$1"; }
baseline_jar() { "$JAVA" -jar "$BASELINE/target/bulwark.jar" wal-push --archive "$work/out/wal" "$1"; }
version_only() { "$JAVA" -jar "$JAR" --version >/dev/null; }
java_only() { "$JAVA" -version 2>/dev/null; }

log "timing ($RUNS runs per row)"
{
  echo "# wal-push benchmark"
  echo
  echo "$n segments, $mb MB of WAL from \`pgbench -i -s 25\`, $(nproc) CPUs, $("$PGBIN/postgres" --version | cut -d' ' -f3-), $("$JAVA" -version 2>&1 | head -1); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "Per 16 MB segment, one process per segment as PostgreSQL runs archive_command (best of $RUNS):"
  echo
  echo "| per segment | ms/segment | total | throughput |"
  echo "|---|---:|---:|---:|"
  segment_row "cp (bare copy, no compression, no fsync)" copy_one
  segment_row "gzip -1 (compression only)" gzip_one
  segment_row "\`./bulwark wal-push --archive DIR\` (what archive_command runs)" launcher
  segment_row "the same with \`BULWARK_JAVA_OPTS=-XX:TieredStopAtLevel=1\` (C1 only)" launcher_c1
  segment_row "\`./bulwark --config FILE wal-push --db NAME\`" launcher_config
  segment_row "\`java -jar bulwark.jar wal-push --archive DIR\` (no launcher: default JVM options, no CDS)" plain_jar
  if [ -n "${BASELINE:-}" ]; then
    segment_row "baseline: \`./bulwark wal-push --archive DIR\`" baseline_launcher
    segment_row "baseline: \`java -jar bulwark.jar wal-push --archive DIR\`" baseline_jar
  fi
  for f in "$work"/segs/*; do "$BULWARK" wal-push --archive "$work/fetch-src" "$f"; done
  segment_row "\`./bulwark wal-fetch --archive DIR NAME DEST\` (restore_command)" fetch_one
  [ -z "${BASELINE:-}" ] || segment_row "baseline: \`./bulwark wal-fetch --archive DIR NAME DEST\`" fetch_baseline
  echo
  echo "Start-up: one process pushing a 16 kB file (mean of 9 files, best of $RUNS):"
  echo
  echo "| process | ms |"
  echo "|---|---:|"
  startup_row "\`java -version\` (the JVM alone)" java_only
  startup_row "\`./bulwark wal-push --archive DIR\` (launcher, quick path, CDS archive)" launcher
  startup_row "the same with \`BULWARK_CDS=off\`" launcher_no_cds
  startup_row "\`./bulwark --config FILE wal-push --db NAME\` (reads the YAML config)" launcher_config
  startup_row "the same with \`BULWARK_CDS=off\`" launcher_config_no_cds
  startup_row "\`java -jar bulwark.jar wal-push --archive DIR\` (quick path, default JVM options)" plain_jar
  startup_row "\`java -jar bulwark.jar --version\` (the whole picocli command tree)" version_only
  if [ -n "${BASELINE:-}" ]; then
    startup_row "baseline: \`./bulwark wal-push --archive DIR\`" baseline_launcher
    startup_row "baseline: \`./bulwark --config FILE wal-push --db NAME\`" baseline_config
    startup_row "baseline: \`java -jar bulwark.jar wal-push --archive DIR\`" baseline_jar
  fi
  echo
  [ -z "${BASELINE:-}" ] || echo "Baseline rows: $(git -C "$BASELINE" log -1 --format='commit %h, %s' 2>/dev/null || echo "$BASELINE")."
  echo "Archived size: $(( $(du -sb "$work/segs" | cut -f1) / 1048576 )) MB of WAL stored as $(( $(gzip -1 -c "$work"/segs/* | wc -c) / 1048576 )) MB (gzip -1)."
} | tee "$here/bench/results/wal-push-latest.md"
