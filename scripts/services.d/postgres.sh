#!/usr/bin/env bash
# Starts a PostgreSQL server for the storage and audit tests (Debian's package; idempotent; runs as root).
# Writes the connection URL to .test-services/postgres.url; exports nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
state=.test-services
mkdir -p "$state"
url_file="$state/postgres.url"
rm -f "$url_file"

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "postgres.sh: installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
cluster_dir=/var/tmp/chipcontrols-test-pg
port=${CHIPCONTROLS_TEST_POSTGRES_PORT:-54329}
run_as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi; }

if [ ! -s "$cluster_dir/PG_VERSION" ]; then
  mkdir -p "$cluster_dir"
  chown postgres:postgres "$cluster_dir"
  chmod 700 "$cluster_dir"
  run_as_postgres "$bindir/initdb" -D "$cluster_dir" -A trust -U postgres --no-sync >/dev/null
fi
mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql
if ! run_as_postgres "$bindir/pg_ctl" -D "$cluster_dir" status >/dev/null 2>&1; then
  run_as_postgres "$bindir/pg_ctl" -D "$cluster_dir" -l "$cluster_dir/server.log" -w -t 60 \
    -o "-p $port -k /var/run/postgresql -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
fi

psql_admin() { run_as_postgres "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "select 1 from pg_roles where rolname='chipcontrols_test'")" != 1 ]; then
  psql_admin -c "create role chipcontrols_test login password 'chipcontrols_test'"
fi
if [ "$(psql_admin -c "select 1 from pg_database where datname='chipcontrols_test'")" != 1 ]; then
  psql_admin -c "create database chipcontrols_test owner chipcontrols_test"
fi
echo "postgresql+psycopg://chipcontrols_test:chipcontrols_test@127.0.0.1:$port/chipcontrols_test" > "$url_file"
echo "postgres.sh: PostgreSQL ready on 127.0.0.1:$port (URL in $url_file)"
