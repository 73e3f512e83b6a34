#!/usr/bin/env bash
# What archive_command = 'bulwark wal-push ...' costs per WAL segment, against a bare copy and
# gzip -1, and the archive throughput that follows. PostgreSQL starts one archive_command process
# per segment, so the JVM's start-up is part of the price; it is measured on its own too.
# Usage: bench/wal_push.sh [SEGMENTS]   (default 20 segments of 16 MB)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/bench/lib.sh"
SEGMENTS="${1:-20}"
PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

"$here/bulwark" --version >/dev/null                      # builds the jar before anything is timed
JAVA="$("$here/scripts/find-jdk")/bin/java"
JAR="$here/target/bulwark.jar"
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
mkdir -p "$work/segs"
ls "$work/data/pg_wal" | grep -E '^[0-9A-F]{24}$' | head -n "$SEGMENTS" | while read -r s; do cp "$work/data/pg_wal/$s" "$work/segs/"; done
n="$(ls "$work/segs" | wc -l)"
mb=$(( $(du -sb "$work/segs" | cut -f1) / 1048576 ))
[ "$n" -ge 1 ] || die "no segments generated"

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
timed_loop() {   # label, command prefix ($seg appended)
  local label="$1"; shift
  rm -rf "$work/out" && mkdir -p "$work/out"
  local t0; t0=$(date +%s%N)
  for seg in "$work"/segs/*; do "$@" "$seg"; done
  local total; total=$(ms "$t0")
  printf '| %s | %d | %d ms | %.1f MB/s |\n' "$label" "$((total / n))" "$total" "$(echo "$mb * 1000 / $total" | bc -l)"
}
copy_one() { cp "$1" "$work/out/"; }
gzip_one() { gzip -1 -c "$1" > "$work/out/$(basename "$1").gz"; }
push_archive() { "$JAVA" ${OPTS:-} -jar "$JAR" wal-push --archive "$work/out/wal" "$1"; }
printf 'databases:\n  app:\n    url: postgresql://postgres@127.0.0.1:%s/postgres\nrepository: { path: %s }\n' "$port" "$work/out-repo" > "$work/bulwark.yaml"
push_config() { "$JAVA" ${OPTS:-} -jar "$JAR" --config "$work/bulwark.yaml" wal-push --db app "$1"; }
quick="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"

t0=$(date +%s%N); for _ in 1 2 3 4 5; do "$JAVA" -version 2>/dev/null; done; jvm=$(( $(ms "$t0") / 5 ))
t0=$(date +%s%N); for _ in 1 2 3 4 5; do "$JAVA" -jar "$JAR" --version >/dev/null; done; ver=$(( $(ms "$t0") / 5 ))
t0=$(date +%s%N); for _ in 1 2 3 4 5; do "$JAVA" $quick -jar "$JAR" --version >/dev/null; done; verq=$(( $(ms "$t0") / 5 ))

{
  echo "# wal-push benchmark"
  echo
  echo "$n segments, $mb MB of WAL from \`pgbench -i -s 25\`, $(nproc) CPUs, $("$PGBIN/postgres" --version | cut -d' ' -f3-), $("$JAVA" -version 2>&1 | head -1)."
  echo
  echo "| per segment | ms/segment | total | throughput |"
  echo "|---|---:|---:|---:|"
  timed_loop "cp (bare copy, no compression, no fsync)" copy_one
  timed_loop "gzip -1 (compression only)" gzip_one
  OPTS="" timed_loop "bulwark wal-push --archive DIR" push_archive
  OPTS="$quick" timed_loop "bulwark wal-push --archive DIR, quick-start JVM options" push_archive
  OPTS="$quick" timed_loop "bulwark --config FILE wal-push --db NAME, quick-start JVM options" push_config
  echo
  echo "JVM start alone: \`java -version\` $jvm ms; \`bulwark --version\` $ver ms, with the quick-start options $verq ms."
  echo "Archived size: $(( $(du -sb "$work/out-repo/app/wal" | cut -f1) / 1048576 )) MB for $mb MB of WAL."
} | tee "$here/bench/results/wal-push-latest.md"
