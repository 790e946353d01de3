#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, from Debian's `postgresql` package.
#
#   scripts/throwaway-postgres.sh start DIR   initdb in DIR (the first time) and start the server on a free
#                                             loopback port (the same port again after a stop); prints
#                                             the URL (postgres://linkplane@127.0.0.1:PORT/postgres)
#   scripts/throwaway-postgres.sh stop DIR    stops it at once (DIR stays; remove it yourself)
#
# As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root). Nothing is synced to
# disk (fsync, full_page_writes off): the cluster lives for one run. A commit still reaches the operating
# system before it is acknowledged, so stopping the server at once (as `stop` does) loses nothing.
set -euo pipefail

command=${1:-}
dir=${2:-}
if [[ -z "$command" || -z "$dir" ]]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

bin=$(dirname "$(command -v initdb || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
  start)
    if [[ ! -d "$dir/data" ]]; then
      mkdir -p "$dir"
      [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
      node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})" >"$dir/port"
      as_owner "$bin/initdb" -D "$dir/data" --username=linkplane --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log"
    fi
    port=$(cat "$dir/port")
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off" \
      start >/dev/null
    echo "postgres://linkplane@127.0.0.1:$port/postgres"
    ;;
  stop)
    [[ -d "$dir/data" ]] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
