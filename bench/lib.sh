# Helpers shared by the benchmark scripts; sourced, not run. The caller defines as_pg and PGBIN.

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
