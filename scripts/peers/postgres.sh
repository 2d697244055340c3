#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests (Debian's postgresql-15): 127.0.0.1 only, no Unix
# socket, data, log and password under DIR; the system's clusters and config are untouched.
#
#   postgres.sh start DIR PORT [WATCH_PID]
#                          creates the cluster in DIR/data on first use, starts it on 127.0.0.1:PORT
#                          (again, with the same data, when DIR already holds one) and prints
#                          KEY=VALUE lines: PORT, USERNAME, PASSWORD_FILE, LOG. With WATCH_PID the
#                          cluster is stopped and DIR removed once that process is gone (the test
#                          process that started it ended, or crashed).
#                          With POSTGRES_TLS=on in the environment (on the first start of DIR), the
#                          cluster speaks TLS only: a throwaway CA and a server certificate for
#                          127.0.0.1 and localhost are made in DIR/tls (make_test_ca.sh), pg_hba
#                          accepts TCP only as hostssl (a plain connection is refused), and it also
#                          prints CA_FILE, the CA certificate that verifies the server.
#   postgres.sh stop DIR   stops it at once (no error when it is not running)
#
# The user USERNAME (a superuser, so tests may CREATE DATABASE) logs in over TCP with the password
# in PASSWORD_FILE (scram-sha-256). fsync and synchronous_commit stay on, as in production.
# PostgreSQL refuses to run as root: as root (CI), every server command runs as the `postgres`
# system user that Debian's package creates, and DIR/data belongs to it.
set -euo pipefail
command=${1:?usage: postgres.sh start DIR PORT [WATCH_PID] | stop DIR}
dir=${2:?usage: postgres.sh start DIR PORT [WATCH_PID] | stop DIR}
bin=/usr/lib/postgresql/15/bin
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
data="$dir/data"
log="$dir/postgres.log"
username=chainmail

if [ ! -x "$bin/pg_ctl" ]; then
    echo "postgres.sh: $bin/pg_ctl is missing: install the Debian package postgresql (make setup)" >&2
    exit 1
fi

# Runs a server command as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

is_running() {
    [ -d "$data" ] && as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1
}

case "$command" in
start)
    port=${3:?usage: postgres.sh start DIR PORT [WATCH_PID]}
    watch_pid=${4:-}
    if [ ! -f "$data/PG_VERSION" ]; then
        python3 -c 'import secrets; print(secrets.token_hex(16))' > "$dir/password"
        mkdir -p "$data"
        touch "$log"
        if [ "$(id -u)" -eq 0 ]; then
            # The server user must reach DIR and own what it writes.
            chmod 755 "$dir"
            chown postgres:postgres "$data" "$log" "$dir/password"
            if ! runuser -u postgres -- test -x "$data"; then
                echo "postgres.sh: the postgres user cannot reach $data (a parent folder is closed to it: set TMPDIR to a folder under /tmp)" >&2
                exit 1
            fi
        fi
        chmod 700 "$data"
        chmod 600 "$dir/password"
        as_owner "$bin/initdb" -D "$data" -U "$username" --pwfile="$dir/password" \
            --auth-local=reject --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >>"$log" 2>&1 || {
            echo "postgres.sh: initdb failed; see $log" >&2
            tail -n 20 "$log" >&2 || true
            exit 1
        }
        cat >>"$data/postgresql.conf" <<EOF
# chainmail test cluster (scripts/peers/postgres.sh)
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = on
synchronous_commit = on
max_connections = 200
shared_buffers = 32MB
EOF
    fi
    if [ "${POSTGRES_TLS:-}" = on ] && [ ! -s "$dir/tls/server.crt" ]; then
        if is_running; then
            echo "postgres.sh: POSTGRES_TLS=on applies to a cluster's first start; $dir runs without TLS" >&2
            exit 1
        fi
        bash "$(dirname "$0")/make_test_ca.sh" "$dir"
        if [ "$(id -u)" -eq 0 ]; then
            # The server reads its certificate and key (0600, its own) as the postgres user.
            chmod 755 "$dir/tls"
            chown postgres:postgres "$dir/tls/server.crt" "$dir/tls/server.key"
        fi
        # TCP only over TLS: no plain `host` line is left, so a plain connection finds no entry.
        as_owner sed -i -E 's/^host([[:space:]])/hostssl\1/' "$data/pg_hba.conf"
        cat >>"$data/postgresql.conf" <<EOF
# TLS only (POSTGRES_TLS=on)
ssl = on
ssl_cert_file = '$dir/tls/server.crt'
ssl_key_file = '$dir/tls/server.key'
EOF
    fi
    # The port may change between starts; the last line wins.
    echo "port = $port" >>"$data/postgresql.conf"
    if ! is_running; then
        as_owner "$bin/pg_ctl" start -D "$data" -l "$log" -w -t 60 -o "-p $port" >/dev/null || {
            echo "postgres.sh: the server did not start; see $log" >&2
            tail -n 20 "$log" >&2 || true
            exit 1
        }
    fi
    if [ -n "$watch_pid" ]; then
        # Detached from the caller's process group and output: stops the cluster after WATCH_PID.
        setsid bash -c '
            while kill -0 "$1" 2>/dev/null; do sleep 1; done
            "$2" stop "$3" >/dev/null 2>&1
            rm -rf "$3"
        ' postgres-watch "$watch_pid" "$0" "$dir" </dev/null >/dev/null 2>&1 &
    fi
    password_file="$dir/password"
    echo "PORT=$port"
    echo "USERNAME=$username"
    echo "PASSWORD_FILE=$password_file"
    echo "LOG=$log"
    if grep -q '^ssl = on' "$data/postgresql.conf"; then
        echo "CA_FILE=$dir/tls/ca.crt"
    fi
    ;;
stop)
    if is_running; then
        as_owner "$bin/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null
    fi
    ;;
*)
    echo "usage: postgres.sh start DIR PORT [WATCH_PID] | stop DIR" >&2
    exit 2
    ;;
esac
