#!/usr/bin/env bash
# Starts the MariaDB server the it/mariadb tests run against: 127.0.0.1, port $WEFT_MARIADB_PORT
# (3307, not 3306, so that it never collides with a MariaDB or MySQL the machine runs as a
# service, which installing the package may start), user root with no password, on a throwaway
# data directory. Idempotent and quick when a
# server already answers there. The build (it/mariadb/pom.xml) runs it before the tests, so that
# `mvn verify` works again after a reboot; .ci/run runs it with --install first.
#
#   --install   install mariadb-server with apt-get if it is missing (needs root, as in CI)
#
# It exits non-zero, loudly, when it cannot get a server running: the MariaDB tests must fail
# rather than pass without a database.
set -euo pipefail

port="${WEFT_MARIADB_PORT:-3307}"
dir="${WEFT_MARIADB_DIR:-${TMPDIR:-/tmp}/weft-mariadb-$port}"
export PATH="$PATH:/usr/sbin:/sbin"

# A query, not mariadb-admin ping: ping succeeds even when the server refuses our login.
answers() {
    command -v mariadb >/dev/null 2>&1 &&
        mariadb --no-defaults --protocol=tcp -h 127.0.0.1 -P "$port" -u root \
            --connect-timeout=2 -e 'SELECT 1' >/dev/null 2>&1
}

if answers; then
    echo "weft: MariaDB already running on 127.0.0.1:$port"
    exit 0
fi

if ! command -v mariadbd >/dev/null 2>&1; then
    if [ "${1:-}" != "--install" ]; then
        echo "weft: mariadb-server is not installed. Run 'bash .ci/run' once as root, or" \
            "'apt-get install mariadb-server', then build again." >&2
        exit 1
    fi
    echo "weft: installing mariadb-server"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mariadb-server
fi

# A stale server of ours (killed uncleanly) may hold the pid file; start from nothing.
if [ -f "$dir/mariadbd.pid" ] && kill -0 "$(cat "$dir/mariadbd.pid")" 2>/dev/null; then
    kill "$(cat "$dir/mariadbd.pid")" || true
    sleep 1
fi
rm -rf "$dir"
mkdir -p "$dir"
user="$(id -un)" # mariadbd refuses to run as root unless told so explicitly

echo "weft: creating a throwaway MariaDB data directory in $dir"
if ! mariadb-install-db --no-defaults --datadir="$dir/data" --user="$user" \
        --skip-test-db --skip-name-resolve >"$dir/install.log" 2>&1; then
    cat "$dir/install.log" >&2
    echo "weft: mariadb-install-db failed" >&2
    exit 1
fi

# --skip-grant-tables: no accounts to set up on a server that only listens on loopback and is
# thrown away; every client is root. setsid + nohup: the server outlives this script and the build.
setsid nohup mariadbd --no-defaults --datadir="$dir/data" --user="$user" \
    --bind-address=127.0.0.1 --port="$port" --socket="$dir/mariadbd.sock" \
    --pid-file="$dir/mariadbd.pid" --skip-grant-tables --skip-name-resolve \
    --skip-log-bin --innodb-buffer-pool-size=32M --max-connections=300 \
    >"$dir/server.log" 2>&1 </dev/null &

for _ in $(seq 1 120); do
    if answers; then
        echo "weft: MariaDB running on 127.0.0.1:$port (log: $dir/server.log)"
        exit 0
    fi
    sleep 0.5
done
cat "$dir/server.log" >&2 || true
echo "weft: MariaDB did not start on 127.0.0.1:$port within 60 seconds" >&2
exit 1
