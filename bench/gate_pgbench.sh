#!/usr/bin/env bash
# Benchmark: `pgbench -S` (select-only) straight to PostgreSQL, through `bulwark gate`, and through
# PgBouncer, in one run against one server. See bench/README.md.
#
# Usage (from the repository root):   bench/gate_pgbench.sh
# Environment:
#   DURATION=S    seconds per pgbench run (default 20)
#   SCALE=N       pgbench -i scale factor (default 10)
#   CLIENTS=N     pgbench -c (default 8);  THREADS=N  pgbench -j (default 2)
#   RUNS=N        run every mode N times, order rotated, keep the best (default 1)
#   WARMUP=S      seconds of unmeasured load on each mode first (default 10)
#   POOL_MODE=M   PgBouncer pool_mode: transaction (default) or session
#   BENCH_TMPDIR  directory for the cluster and the gate's files (default /tmp)
#   BENCH_STRICT=1  exit 4 when a target is missed
#   GATE_JAVA_OPTS  JVM options for the gate only (e.g. a flight recording while profiling)
#   FLOORS=0      skip the reference relays (bench/RelayFloor.java: bytes copied, nothing else, with
#                 virtual threads, platform threads and a selector), which show what each I/O design
#                 costs on this machine before the gate does any work (default 1)
# Needs pgbouncer (Debian package `pgbouncer`; exit 2 if it is missing); installs nothing itself.
# Everything it starts listens on 127.0.0.1 only and is stopped and deleted on exit.
set -euo pipefail

DURATION="${DURATION:-20}"
SCALE="${SCALE:-10}"
CLIENTS="${CLIENTS:-8}"
THREADS="${THREADS:-2}"
RUNS="${RUNS:-1}"
WARMUP="${WARMUP:-10}"
FLOORS="${FLOORS:-1}"
POOL_MODE="${POOL_MODE:-transaction}"
DIRECT_TARGET=0.85   # gate >= 0.85 x direct TPS
POOLER_TARGET=1.00   # gate >= 1.00 x PgBouncer TPS (not slower)

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

for v in DURATION SCALE CLIENTS THREADS RUNS WARMUP; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, not '${!v}'"
done
[[ "$POOL_MODE" = transaction || "$POOL_MODE" = session ]] || die "POOL_MODE must be transaction or session"

PGBOUNCER="$(command -v pgbouncer 2>/dev/null || true)"
[ -z "$PGBOUNCER" ] && [ -x /usr/sbin/pgbouncer ] && PGBOUNCER=/usr/sbin/pgbouncer
if [ -z "$PGBOUNCER" ]; then
  echo "gate_pgbench.sh: pgbouncer is not installed. On Debian/Ubuntu:" >&2
  echo "    sudo apt-get update && sudo apt-get install -y pgbouncer" >&2
  echo "(the package's own service is not used: this script starts its own pgbouncer on a loopback port)" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -x ./bulwark ] || die "run from a Bulwark checkout (no ./bulwark in $ROOT)"

# PostgreSQL 15 if present, else the newest installed major.
if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
  PGBIN=/usr/lib/postgresql/15/bin
else
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4n | tail -1 || true)"
fi
[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
for tool in initdb pg_ctl psql pgbench; do
  [ -x "$PGBIN/$tool" ] || die "$PGBIN/$tool is missing"
done

# PostgreSQL and PgBouncer refuse to run as root: they run as the postgres OS user then.
PG_OS_USER="${BULWARK_SANDBOX_USER:-postgres}"
if [ "$(id -u)" -eq 0 ]; then
  id "$PG_OS_USER" >/dev/null 2>&1 || die "running as root needs an OS user '$PG_OS_USER' for the servers"
  as_pg() { runuser -u "$PG_OS_USER" -- "$@"; }
  give_to_pg() { chown -R "$PG_OS_USER": "$@"; }
else
  as_pg() { "$@"; }
  give_to_pg() { :; }
fi

WORK="$(mktemp -d "${BENCH_TMPDIR:-/tmp}/bulwark-gate-bench.XXXXXX")"
chmod 755 "$WORK"   # the server user must reach its directories below
PROD="$WORK/prod"
BOUNCER="$WORK/pgbouncer"
CONFIG="$WORK/bulwark.yaml"
GATE_PID=""
VGATE_PID=""
FLOOR_PIDS=()


stop_pid() {   # pid: TERM, wait up to 10 s, then KILL
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  stop_pid "$GATE_PID"
  stop_pid "$VGATE_PID"
  for pid in "${FLOOR_PIDS[@]}"; do stop_pid "$pid"; done
  [ -f "$BOUNCER/pgbouncer.pid" ] && stop_pid "$(cat "$BOUNCER/pgbouncer.pid" 2>/dev/null)"
  stop_cluster "$PROD" fast
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


wait_port() {   # port what [pid]
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

random_pw() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
SUPER_PW="$(random_pw)"
RO_PW="$(random_pw)"

psql_su() {   # db sql...
  local db="$1"; shift
  PGPASSWORD="$SUPER_PW" "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PROD_PORT" -U postgres -d "$db" "$@"
}

# --- 1. the server -------------------------------------------------------------------------------
log "work directory $WORK; PostgreSQL binaries $PGBIN; pgbouncer $PGBOUNCER"
log "building bulwark if needed (not timed)"
./bulwark --version > /dev/null

PROD_PORT="$(free_port)"
mkdir -p "$PROD"; chmod 700 "$PROD"; give_to_pg "$PROD"
printf '%s\n' "$SUPER_PW" > "$PROD/pwfile"; chmod 600 "$PROD/pwfile"; give_to_pg "$PROD/pwfile"
as_pg "$PGBIN/initdb" -D "$PROD/data" -U postgres --pwfile="$PROD/pwfile" --auth-local=scram-sha-256 \
  --auth-host=scram-sha-256 -E UTF8 --locale=C > "$PROD/initdb.log" 2>&1 || { cat "$PROD/initdb.log" >&2; die "initdb failed"; }
rm -f "$PROD/pwfile"
as_pg "$PGBIN/pg_ctl" -D "$PROD/data" -l "$PROD/server.log" -w -t 120 \
  -o "-c port=$PROD_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PROD -c max_connections=100 -c shared_buffers=256MB" \
  start > /dev/null || { tail -20 "$PROD/server.log" >&2; die "PostgreSQL did not start"; }
log "PostgreSQL on 127.0.0.1:$PROD_PORT"
PG_VERSION="$(psql_su postgres -At -c 'SHOW server_version')"

psql_su postgres -c 'CREATE DATABASE bench'
log "pgbench -i -s $SCALE"
PGPASSWORD="$SUPER_PW" "$PGBIN/pgbench" -i -q -s "$SCALE" -h 127.0.0.1 -p "$PROD_PORT" -U postgres bench > "$WORK/pgbench-init.log" 2>&1 \
  || { tail -20 "$WORK/pgbench-init.log" >&2; die "pgbench -i failed"; }
psql_su bench <<SQL
CREATE ROLE bench_ro LOGIN PASSWORD '$RO_PW';
GRANT CONNECT ON DATABASE bench TO bench_ro;
GRANT USAGE ON SCHEMA public TO bench_ro;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO bench_ro;
VACUUM ANALYZE;
SQL

# --- 2. the gate ---------------------------------------------------------------------------------
cat > "$CONFIG" <<YAML
databases:
  bench:
    url: postgresql://postgres:$SUPER_PW@127.0.0.1:$PROD_PORT/bench
    gate:
      readonly_url: postgresql://bench_ro:$RO_PW@127.0.0.1:$PROD_PORT/bench
YAML
chmod 600 "$CONFIG"
AGENT_PW="$(./bulwark --config "$CONFIG" agents add bench --db bench 2> "$WORK/agents.err")" \
  || { cat "$WORK/agents.err" >&2; die "bulwark agents add failed"; }
[ -n "$AGENT_PW" ] || die "bulwark agents add printed no password"
GATE_PORT="$(free_port)"
BULWARK_JAVA_OPTS="${GATE_JAVA_OPTS:-${BULWARK_JAVA_OPTS:-}}" ./bulwark --config "$CONFIG" gate --listen "127.0.0.1:$GATE_PORT" > "$WORK/gate.log" 2>&1 &
GATE_PID=$!
wait_port "$GATE_PORT" gate "$GATE_PID" || { cat "$WORK/gate.log" >&2; die "bulwark gate did not start"; }
log "bulwark gate on 127.0.0.1:$GATE_PORT (pid $GATE_PID)"
# The same gate with gate.threads: virtual, sharing the store (and so the agent) with the first.
VCONFIG="$WORK/bulwark-virtual.yaml"
{ cat "$CONFIG"; printf 'gate:\n  store: %s\n  threads: virtual\n' "$WORK/bulwark-approvals.db"; } > "$VCONFIG"
chmod 600 "$VCONFIG"
VGATE_PORT="$(free_port)"
BULWARK_JAVA_OPTS="${GATE_JAVA_OPTS:-${BULWARK_JAVA_OPTS:-}}" ./bulwark --config "$VCONFIG" gate --listen "127.0.0.1:$VGATE_PORT" > "$WORK/gate-virtual.log" 2>&1 &
VGATE_PID=$!
wait_port "$VGATE_PORT" gate "$VGATE_PID" || { cat "$WORK/gate-virtual.log" >&2; die "bulwark gate (virtual threads) did not start"; }
log "bulwark gate with virtual threads on 127.0.0.1:$VGATE_PORT (pid $VGATE_PID)"

# --- 3. PgBouncer --------------------------------------------------------------------------------
BOUNCER_PORT="$(free_port)"
mkdir -p "$BOUNCER"
printf '"bench_ro" "%s"\n' "$RO_PW" > "$BOUNCER/userlist.txt"
cat > "$BOUNCER/pgbouncer.ini" <<INI
[databases]
bench = host=127.0.0.1 port=$PROD_PORT dbname=bench

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $BOUNCER/userlist.txt
pool_mode = $POOL_MODE
max_client_conn = 200
default_pool_size = $CLIENTS
logfile = $BOUNCER/pgbouncer.log
pidfile = $BOUNCER/pgbouncer.pid
ignore_startup_parameters = extra_float_digits
INI
chmod 700 "$BOUNCER"; chmod 600 "$BOUNCER/userlist.txt" "$BOUNCER/pgbouncer.ini"; give_to_pg "$BOUNCER"
as_pg "$PGBOUNCER" -d "$BOUNCER/pgbouncer.ini" > "$BOUNCER/start.log" 2>&1 \
  || { cat "$BOUNCER/start.log" "$BOUNCER/pgbouncer.log" >&2 2>/dev/null; die "pgbouncer did not start"; }
wait_port "$BOUNCER_PORT" pgbouncer || { cat "$BOUNCER/pgbouncer.log" >&2; die "pgbouncer does not listen"; }
BOUNCER_VERSION="$("$PGBOUNCER" --version 2>/dev/null | head -1 || echo '?')"
log "pgbouncer ($POOL_MODE pooling) on 127.0.0.1:$BOUNCER_PORT"

# --- 3b. reference relays ------------------------------------------------------------------------
declare -A FLOOR_PORT=()
declare -A FLOOR_PID=()
if [ "$FLOORS" = 1 ]; then
  JAVA="$("$ROOT/scripts/find-jdk")/bin/java"
  for design in virtual platform selector; do
    FLOOR_PORT[$design]="$(free_port)"
    "$JAVA" "$ROOT/bench/RelayFloor.java" "$design" "${FLOOR_PORT[$design]}" "$PROD_PORT" > "$WORK/relay-$design.log" 2>&1 &
    FLOOR_PID[$design]=$!
    FLOOR_PIDS+=("$!")
    wait_port "${FLOOR_PORT[$design]}" relay "${FLOOR_PID[$design]}" || { cat "$WORK/relay-$design.log" >&2; die "the $design relay did not start"; }
  done
  log "reference relays (virtual, platform, selector) on ports ${FLOOR_PORT[virtual]}, ${FLOOR_PORT[platform]}, ${FLOOR_PORT[selector]}"
fi

# --- 4. the runs ---------------------------------------------------------------------------------
MODES=(direct gate gate-virtual pgbouncer)
declare -A PORT=([direct]="$PROD_PORT" [gate]="$GATE_PORT" [gate-virtual]="$VGATE_PORT" [pgbouncer]="$BOUNCER_PORT")
declare -A USER_OF=([direct]=bench_ro [gate]=bench [gate-virtual]=bench [pgbouncer]=bench_ro)
declare -A PW_OF=([direct]="$RO_PW" [gate]="$AGENT_PW" [gate-virtual]="$AGENT_PW" [pgbouncer]="$RO_PW")
for design in "${!FLOOR_PORT[@]}"; do
  MODES+=("relay-$design")
  PORT[relay-$design]="${FLOOR_PORT[$design]}"; USER_OF[relay-$design]=bench_ro; PW_OF[relay-$design]="$RO_PW"
done
declare -A TPS=() LAT=() ALL=() CPU=()

cpu_ticks() {   # pid -> user+system clock ticks so far (0 when there is no such process)
  [ -n "$1" ] && [ -r "/proc/$1/stat" ] || { echo 0; return; }
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
proxy_pid() {   # mode -> the pid whose CPU time the run is charged with
  case "$1" in
    gate) echo "$GATE_PID" ;;
    gate-virtual) echo "$VGATE_PID" ;;
    pgbouncer) cat "$BOUNCER/pgbouncer.pid" 2>/dev/null || true ;;
    relay-*) echo "${FLOOR_PID[${1#relay-}]}" ;;
    *) echo "" ;;
  esac
}
CLK_TCK="$(getconf CLK_TCK)"

bench_once() {   # mode seconds -> sets LAST_TPS, LAST_LAT, LAST_CPU (proxy CPU µs per transaction)
  local mode="$1" secs="$2" out="$WORK/pgbench-$1.log" pid ticks_before
  pid="$(proxy_pid "$mode")"
  ticks_before="$(cpu_ticks "$pid")"
  PGPASSWORD="${PW_OF[$mode]}" "$PGBIN/pgbench" -S -c "$CLIENTS" -j "$THREADS" -T "$secs" -n \
    -h 127.0.0.1 -p "${PORT[$mode]}" -U "${USER_OF[$mode]}" bench > "$out" 2>&1 \
    || { cat "$out" >&2; die "pgbench -S through $mode failed"; }
  LAST_TPS="$(awk '/^tps = / { printf "%.0f", $3; exit }' "$out")"
  LAST_LAT="$(awk '/^latency average = / { print $4; exit }' "$out")"
  [ -n "$LAST_TPS" ] || { cat "$out" >&2; die "no tps in pgbench's output ($mode)"; }
  LAST_CPU="$(awk -v t="$(( $(cpu_ticks "$pid") - ticks_before ))" -v hz="$CLK_TCK" -v tps="$LAST_TPS" -v s="$secs" \
    'BEGIN { printf "%.1f", (t / hz) * 1e6 / (tps * s) }')"
}

# Long enough for the JIT compilers of the JVM-based paths to finish with the hot code: a gate runs
# for days, and measuring it while C2 still compiles would measure the compiler.
log "warm-up: $WARMUP s of each mode (not counted)"
for mode in "${MODES[@]}"; do bench_once "$mode" "$WARMUP"; done

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$RUNS"); do
  for i in "${!MODES[@]}"; do
    mode="${MODES[$(( (i + r - 1) % ${#MODES[@]} ))]}"
    log "pgbench -S -c $CLIENTS -j $THREADS -T $DURATION -n via $mode (run $r/$RUNS)"
    bench_once "$mode" "$DURATION"
    log "  $LAST_TPS tps, latency $LAST_LAT ms, proxy CPU $LAST_CPU µs per transaction"
    ALL[$mode]="${ALL[$mode]:+${ALL[$mode]} }$LAST_TPS"
    if [ -z "${TPS[$mode]:-}" ] || [ "$LAST_TPS" -gt "${TPS[$mode]}" ]; then TPS[$mode]="$LAST_TPS"; LAT[$mode]="$LAST_LAT"; CPU[$mode]="$LAST_CPU"; fi
  done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
kill -0 "$GATE_PID" 2>/dev/null || die "the gate died during the run: $(tail -5 "$WORK/gate.log")"
kill -0 "$VGATE_PID" 2>/dev/null || die "the gate with virtual threads died during the run: $(tail -5 "$WORK/gate-virtual.log")"

# --- 5. results ----------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t ? "PASS" : "MISS") }'; }
G_DIRECT="$(ratio "${TPS[gate]}" "${TPS[direct]}")"
B_DIRECT="$(ratio "${TPS[pgbouncer]}" "${TPS[direct]}")"
G_BOUNCER="$(ratio "${TPS[gate]}" "${TPS[pgbouncer]}")"
R_DIRECT="$(verdict "$G_DIRECT" "$DIRECT_TARGET")"
R_BOUNCER="$(verdict "$G_BOUNCER" "$POOLER_TARGET")"
CPUS="$(nproc)"
MEM_GIB="$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
CPU_MODEL="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
BULWARK_VERSION="$(./bulwark --version 2>/dev/null | head -1 || echo '?')"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"

{
  printf '\n%-34s %10s %13s %11s %14s  %-16s %s\n' "path" "TPS" "latency (ms)" "proxy µs/tx" "vs direct" "target" "result"
  printf '%-34s %10s %13s %11s %14s  %-16s %s\n' "direct (bench_ro)" "${TPS[direct]}" "${LAT[direct]}" "" "1.00x" "" ""
  printf '%-34s %10s %13s %11s %14s  %-16s %s\n' "bulwark gate (agent bench)" "${TPS[gate]}" "${LAT[gate]}" "${CPU[gate]}" "${G_DIRECT}x" ">= ${DIRECT_TARGET}x direct" "$R_DIRECT"
  printf '%-34s %10s %13s %11s %14s\n' "bulwark gate, threads: virtual" "${TPS[gate-virtual]}" "${LAT[gate-virtual]}" "${CPU[gate-virtual]}" "$(ratio "${TPS[gate-virtual]}" "${TPS[direct]}")x"
  printf '%-34s %10s %13s %11s %14s  %-16s %s\n' "pgbouncer ($POOL_MODE, bench_ro)" "${TPS[pgbouncer]}" "${LAT[pgbouncer]}" "${CPU[pgbouncer]}" "${B_DIRECT}x" "" ""
  printf '%-34s %10s %13s %11s %14s  %-16s %s\n' "gate / pgbouncer" "" "" "" "${G_BOUNCER}x" ">= ${POOLER_TARGET}x" "$R_BOUNCER"
  for design in virtual platform selector; do
    [ -n "${TPS[relay-$design]:-}" ] || continue
    printf '%-34s %10s %13s %11s %14s\n' "reference relay: $design" "${TPS[relay-$design]}" "${LAT[relay-$design]}" \
      "${CPU[relay-$design]}" "$(ratio "${TPS[relay-$design]}" "${TPS[direct]}")x"
  done
  echo
  echo "pgbench -S -c $CLIENTS -j $THREADS -T $DURATION -n, scale $SCALE; best of $RUNS; all runs (tps): $(for m in "${MODES[@]}"; do printf '%s %s | ' "$m" "${ALL[$m]}"; done)"
  echo "machine: $CPUS CPUs ($CPU_MODEL), $MEM_GIB GiB RAM; PostgreSQL $PG_VERSION; $BOUNCER_VERSION; $BULWARK_VERSION ($COMMIT); load before/after: $LOAD_BEFORE / $LOAD_AFTER"
} | tee "$WORK/summary.txt"

mkdir -p "$ROOT/bench/results"
cat > "$ROOT/bench/results/gate-latest.md" <<MD
<!-- written by bench/gate_pgbench.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ) -->
| path | TPS | latency avg (ms) | proxy CPU per transaction (µs) | vs direct | target | result |
|---|---:|---:|---:|---:|---|:---:|
| direct to PostgreSQL (role \`bench_ro\`) | ${TPS[direct]} | ${LAT[direct]} | | 1.00x | | |
| through \`bulwark gate\` (default \`gate.threads: platform\`; agent \`bench\`, upstream \`bench_ro\`) | ${TPS[gate]} | ${LAT[gate]} | ${CPU[gate]} | ${G_DIRECT}x | >= ${DIRECT_TARGET}x direct | $R_DIRECT |
| through \`bulwark gate\` with \`gate.threads: virtual\` | ${TPS[gate-virtual]} | ${LAT[gate-virtual]} | ${CPU[gate-virtual]} | $(ratio "${TPS[gate-virtual]}" "${TPS[direct]}")x | | |
| through PgBouncer ($POOL_MODE pooling, \`bench_ro\`) | ${TPS[pgbouncer]} | ${LAT[pgbouncer]} | ${CPU[pgbouncer]} | ${B_DIRECT}x | | |
| gate / PgBouncer | | | | ${G_BOUNCER}x | >= ${POOLER_TARGET}x (not slower) | $R_BOUNCER |
$(for design in virtual platform selector; do
  [ -n "${TPS[relay-$design]:-}" ] || continue
  echo "| reference: bytes copied, nothing else, $design ($(case $design in virtual) echo 'blocking I/O, virtual threads: the design the gate is built on' ;; platform) echo 'blocking I/O, platform threads' ;; selector) echo "one thread on a selector: PgBouncer's design" ;; esac)) | ${TPS[relay-$design]} | ${LAT[relay-$design]} | ${CPU[relay-$design]} | $(ratio "${TPS[relay-$design]}" "${TPS[direct]}")x | | |"
done)

- Workload: \`pgbench -S -c $CLIENTS -j $THREADS -T $DURATION -n\` (select-only, simple protocol) on \`pgbench -i -s $SCALE\`; the paths run one after the other against the same server, after a $WARMUP s warm-up of each; best of $RUNS run(s). All runs (tps): $(for m in "${MODES[@]}"; do printf '%s %s; ' "$m" "${ALL[$m]}"; done)
- Reference relays (\`bench/RelayFloor.java\`) copy bytes between pgbench and the server without parsing, classifying or auditing anything: the gap between the gate and the relay of its own design is what the gate's work costs; the gap between the relays is what the I/O design costs.
- Machine: $CPUS CPUs ($CPU_MODEL), $MEM_GIB GiB RAM; PostgreSQL $PG_VERSION; $BOUNCER_VERSION; $BULWARK_VERSION (commit $COMMIT); load average before/after $LOAD_BEFORE / $LOAD_AFTER. pgbench, the server, the gate and PgBouncer share the machine's CPUs.
MD
log "markdown table written to bench/results/gate-latest.md"

if [ "${BENCH_STRICT:-0}" = 1 ] && { [ "$R_DIRECT" = MISS ] || [ "$R_BOUNCER" = MISS ]; }; then
  exit 4
fi
