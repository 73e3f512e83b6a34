# Helpers shared by the benchmark scripts; sourced, not run. use_pg_binaries sets PGBIN and
# use_server_user defines as_pg (or the caller defines both).

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$(( 20000 + RANDOM % 12000 ))  # below the ephemeral range (32768+), where outgoing connections take ports
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free loopback port found"
}

stop_cluster() {   # dir mode
  if [ -f "$1/data/postmaster.pid" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$1/data" -m "$2" -w -t 60 stop >/dev/null 2>&1 || {
      local pid
      pid="$(head -1 "$1/data/postmaster.pid" 2>/dev/null || true)"
      [ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null || true
    }
  fi
}

# On exit, Ctrl-C or TERM: the caller's stop_servers, then $WORK deleted; the exit status is kept.
cleanup_on_exit() {
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

bench_cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  stop_servers
  rm -rf "$WORK"
  exit "$rc"
}

random_password() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

use_pg_binaries() {   # tool... : sets PGBIN to PostgreSQL 15 if present, else the newest installed major
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    PGBIN=/usr/lib/postgresql/15/bin
  else
    PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4n | tail -1 || true)"
  fi
  [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
  local tool
  for tool in "$@"; do
    [ -x "$PGBIN/$tool" ] || die "$PGBIN/$tool is missing"
  done
}

use_server_user() {   # defines as_pg and give_to_pg
  # PostgreSQL refuses to run as root: server programs run as the postgres OS user then.
  PG_OS_USER="${BULWARK_SANDBOX_USER:-postgres}"
  if [ "$(id -u)" -eq 0 ]; then
    id "$PG_OS_USER" >/dev/null 2>&1 || die "running as root needs an OS user '$PG_OS_USER' for the servers"
    as_pg() { runuser -u "$PG_OS_USER" -- "$@"; }
    give_to_pg() { chown "$PG_OS_USER": "$@"; }
  else
    as_pg() { "$@"; }
    give_to_pg() { :; }
  fi
}

# The clusters below use the superuser password in $BENCH_PW.
new_cluster() {   # dir [initdb options...]
  local dir="$1"; shift
  mkdir -p "$dir"; chmod 700 "$dir"; give_to_pg "$dir"
  printf '%s\n' "$BENCH_PW" > "$dir/pwfile"; chmod 600 "$dir/pwfile"; give_to_pg "$dir/pwfile"
  as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C "$@" > "$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed in $dir"; }
  rm -f "$dir/pwfile"
}

start_cluster() {   # dir port [-c settings...]
  local dir="$1" port="$2"; shift 2
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 \
    -o "-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir $*" start > /dev/null \
    || { tail -20 "$dir/server.log" >&2; die "PostgreSQL did not start in $dir"; }
}

psql_at() {   # port db sql...
  local port="$1" db="$2"; shift 2
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$db" "$@"
}

# Creates database "bench" with the benchmark data set (load_bench_data), logs how long that took and
# its size, and sets DB_BYTES and DB_SIZE. psql_at must be able to log in (PGPASSWORD).
create_bench_database() {   # port scale wide-rows pgbench-log
  local port="$1" t0
  psql_at "$port" postgres -c 'CREATE DATABASE bench'
  t0="$(now)"
  load_bench_data "$@"
  log "data loaded in $(secs "$t0" "$(now)") s"
  DB_BYTES="$(psql_at "$port" postgres -At -c "SELECT pg_database_size('bench')")"
  DB_SIZE="$(psql_at "$port" postgres -At -c "SELECT pg_size_pretty(pg_database_size('bench'))")"
  log "database size: $DB_SIZE ($DB_BYTES bytes)"
}

# The benchmark data set in database "bench" (which must exist): pgbench_* at the given scale plus
# wide_text, rows of 47 md5 digests (1504 bytes: deterministic, no repetition inside a row, below
# the TOAST threshold, so stored inline and uncompressed). Scale 40 + 300000 rows: ~1.08 GB.
load_bench_data() {   # port scale wide-rows pgbench-log
  local port="$1" scale="$2" wide="$3" pglog="$4"
  log "pgbench -i -s $scale"
  "$PGBIN/pgbench" -i -q -s "$scale" -h 127.0.0.1 -p "$port" -U postgres bench > "$pglog" 2>&1 \
    || { tail -20 "$pglog" >&2; die "pgbench -i failed"; }
  log "wide_text: $wide rows of 1504 bytes of md5 hex"
  psql_at "$port" bench <<SQL
CREATE TABLE wide_text (
    id         bigint PRIMARY KEY,
    created_at timestamptz NOT NULL,
    body       text NOT NULL
);
INSERT INTO wide_text
SELECT i, timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second',
       (SELECT string_agg(md5(i::text || ':' || j::text), '' ORDER BY j) FROM generate_series(1, 47) AS j)
FROM generate_series(1, $wide) AS i;
VACUUM ANALYZE wide_text;
CHECKPOINT;
SQL
}
