#!/usr/bin/env bash
# The demo's throwaway PostgreSQL: `start` creates it on first use (initdb into data/demo-pg, wal_level=logical,
# 127.0.0.1:${DEMO_PG_PORT:-54329} only, trust auth for local users) with a database `demo` holding the schema
# `inventory` (customers, orders) and starts it; `changes` inserts, updates and deletes a few rows every two seconds
# until interrupted; `stop` stops it. Runs the server as `nobody` when called by root (initdb refuses root).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${DEMO_PG_PORT:-54329}"
data="${DEMO_PG_DATA:-$PWD/data/demo-pg}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
psql_demo() { "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

case "${1:-}" in
start)
    if [ ! -f "$data/PG_VERSION" ]; then
        mkdir -p "$data"
        [ "$(id -u)" = 0 ] && chown nobody "$data"
        as_server "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data'
wal_level = logical
max_replication_slots = 4
max_wal_senders = 4
timezone = 'UTC'
CONF
        fresh=1
    fi
    as_server "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w start >/dev/null
    if [ "${fresh:-0}" = 1 ]; then
        psql_demo -d postgres -c "CREATE DATABASE demo"
        psql_demo -d demo <<'SQL'
CREATE SCHEMA inventory;
CREATE TABLE inventory.customers (id serial PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL,
                                  email text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE inventory.orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES inventory.customers (id),
                               quantity int NOT NULL, price numeric(10,2) NOT NULL, ordered_on date NOT NULL DEFAULT current_date);
INSERT INTO inventory.customers (first_name, last_name, email) VALUES
    ('Sally', 'Thomas', 'sally.thomas@acme.com'), ('George', 'Bailey', 'gbailey@foobar.com'),
    ('Edward', 'Walker', 'ed@walker.com'), ('Anne', 'Kretchmar', 'annek@noanswer.org');
INSERT INTO inventory.orders (customer_id, quantity, price) VALUES (1, 1, 9.99), (2, 2, 19.50), (2, 1, 4.25), (3, 5, 99.00);
SQL
    fi
    echo "PostgreSQL for the demo: 127.0.0.1:$port, database demo (psql -h 127.0.0.1 -p $port -U postgres demo)"
    ;;
changes)
    n=0
    while sleep 2; do
        n=$((n + 1))
        psql_demo -d demo -c "INSERT INTO inventory.orders (customer_id, quantity, price) VALUES (1 + $n % 4, 1 + $n % 3, $n % 50 + 0.99);
                              UPDATE inventory.customers SET email = 'customer' || id || '.v$n@example.com' WHERE id = 1 + $n % 4;
                              DELETE FROM inventory.orders WHERE id IN (SELECT id FROM inventory.orders ORDER BY id LIMIT 1) AND $n % 5 = 0;" \
            || true
    done
    ;;
stop)
    [ -f "$data/postmaster.pid" ] && as_server "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
    ;;
*)
    echo "usage: $0 start|changes|stop" >&2
    exit 2
    ;;
esac
