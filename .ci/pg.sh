# A throw-away PostgreSQL server for the shared-store tests and the store bench.
# Source this file, then: ensure_postgres; start_test_pg (exports LOCKDIAG_TEST_PG and
# LOCKDIAG_TEST_PG_CTL); stop_test_pg when done. Runs the server as the `postgres` system user
# when called as root (PostgreSQL refuses to run as root), in a temporary folder, on a free
# local TCP port (127.0.0.1 only) with TLS on and password (SCRAM) authentication.

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Installs PostgreSQL (and the TLS headers the postgres-native-tls crate builds against) from
# the distribution's packages when they are missing.
ensure_postgres() {
  local need=()
  if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then need+=(postgresql); fi
  command -v openssl >/dev/null 2>&1 || need+=(openssl)
  command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
  [ -e /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
  [ ${#need[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL is missing and there is no apt-get to install ${need[*]}" >&2
    return 1
  fi
  local attempt
  for attempt in 1 2; do
    if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"; } >/dev/null 2>&1; then
      return 0
    fi
    echo "install of ${need[*]} failed (attempt $attempt)" >&2
  done
  return 1
}

start_test_pg() {
  local bin
  bin="$(pg_bin)"
  [ -x "$bin/initdb" ] || { echo "no initdb under /usr/lib/postgresql" >&2; return 1; }
  PG_TMP="$(mktemp -d /tmp/lockdiag-pg.XXXXXX)"
  local as=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    as=(runuser -u postgres --)
  fi
  local password
  password="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf '%s\n' "$password" >"$PG_TMP/pw"
  [ ${#as[@]} -gt 0 ] && chown -R postgres "$PG_TMP"
  chmod 700 "$PG_TMP"
  "${as[@]}" "$bin/initdb" -D "$PG_TMP/data" -U lockdiag --pwfile="$PG_TMP/pw" -E UTF8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$PG_TMP/initdb.log" 2>&1 ||
    { cat "$PG_TMP/initdb.log" >&2; return 1; }
  rm -f "$PG_TMP/pw"
  # A self-signed certificate, so the tests can connect with sslmode=require.
  openssl req -new -x509 -days 2 -nodes -subj /CN=localhost \
    -keyout "$PG_TMP/data/server.key" -out "$PG_TMP/data/server.crt" >/dev/null 2>&1
  chmod 600 "$PG_TMP/data/server.key"
  [ ${#as[@]} -gt 0 ] && chown postgres "$PG_TMP/data/server.key" "$PG_TMP/data/server.crt"
  cat >"$PG_TMP/ctl" <<EOF
#!/bin/sh
# start | stop | restart the test server (used by the restart test and the store bench)
exec ${as[*]} "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -m fast "\$@"
EOF
  chmod 755 "$PG_TMP/ctl"
  local try port
  for try in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 30000))
    {
      echo "port = $port"
      echo "listen_addresses = '127.0.0.1'"
      echo "unix_socket_directories = '$PG_TMP'"
      echo "ssl = on"
      echo "max_connections = 200"
    } >>"$PG_TMP/data/postgresql.conf"
    if "$PG_TMP/ctl" start >/dev/null 2>&1; then
      export LOCKDIAG_TEST_PG="postgresql://lockdiag:$password@127.0.0.1:$port/postgres"
      export LOCKDIAG_TEST_PG_CTL="$PG_TMP/ctl"
      echo "test PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $PG_TMP)"
      return 0
    fi
  done
  echo "the test PostgreSQL server did not start; its log:" >&2
  cat "$PG_TMP/server.log" >&2 || true
  return 1
}

stop_test_pg() {
  [ -n "${PG_TMP:-}" ] || return 0
  "$PG_TMP/ctl" stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
  PG_TMP=""
}
