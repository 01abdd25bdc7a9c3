# Shared by Tests/Journeys/run and Tests/Contract/run: a throwaway PostgreSQL and the server on free
# loopback ports, with the shipped course packs and the example pack of Tests/Fixtures. Sourced,
# not run, after `cd` to the checkout and `source deploy/lib.sh`.
#
#   test_server_binary NAME PATH     checks PATH and prints it absolute (NAME prefixes messages)
#   test_server_start NAME BINARY    makes $test_work, starts PostgreSQL and the server, waits until
#                                    ready; sets $test_base (the server's URL), $test_work and
#                                    $test_server_pid, and exports the server's environment
#                                    (DATABASE_URL, SECRET_KEY, ...) so the binary's commands reach
#                                    the same database
#   test_server_log                  prints the server log's last 40 lines
#   test_venv NAME DIR PACKAGES...   a kept virtual environment with these pinned packages
#
# Extra server settings go in the environment before test_server_start (e.g. TRUST_FORWARDED_FOR).
# An EXIT trap stops everything it started, also on failure.

test_server_binary() {
    local name=$1 binary=$2
    [ -x "$binary" ] || { echo "$name: no executable at $binary (swift build first)" >&2; exit 1; }
    echo "$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
}

test_server_cleanup() {
    if [ -n "${test_server_pid:-}" ] && kill -0 "$test_server_pid" 2>/dev/null; then
        kill -TERM "$test_server_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$test_server_pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$test_server_pid" 2>/dev/null || true
    fi
    if [ -n "${test_work:-}" ]; then
        pg_stop "$test_work/postgres"
        rm -rf "$test_work"
    fi
}

test_server_log() {
    echo "--- server log (last 40 lines)" >&2
    tail -40 "$test_work/server.log" >&2
}

test_server_start() {
    local name=$1 binary=$2
    test_work=$(mktemp -d "/tmp/safeskills-$(echo "$name" | tr -c 'a-zA-Z0-9\n' '-' | tr 'A-Z' 'a-z').XXXXXX")
    chmod 755 "$test_work"
    test_server_pid=""
    trap test_server_cleanup EXIT

    local pgport; pgport=$(free_port 57432)
    pg_start "$test_work/postgres" "$pgport" fsync=off full_page_writes=off
    export DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/postgres"

    # The shipped packs (the exam and the course it needs) and the example pack (every kind of item).
    mkdir -p "$test_work/courses"
    cp -R Courses/*/ Tests/Fixtures/Packs/example-course "$test_work/courses/"
    export COURSES_DIR="$test_work/courses"
    export SECRET_KEY; SECRET_KEY=$(head -c 32 /dev/urandom | base64)
    "$binary" keys generate --output "$test_work/signing-key.json" >/dev/null
    export SIGNING_KEY_FILE="$test_work/signing-key.json"
    export PORT; PORT=$(free_port 59080)
    export HOST=127.0.0.1 PUBLIC_BASE_URL="http://127.0.0.1:$PORT" LOG_LEVEL=${LOG_LEVEL:-warning} LOG_FORMAT=text
    # No test reads codes; metrics stay off so a server already running here keeps its port.
    export ALLOW_LOG_NOTIFIER=true METRICS_ADDRESS=

    "$binary" serve --migrate >"$test_work/server.log" 2>&1 &
    test_server_pid=$!
    test_base="http://127.0.0.1:$PORT"
    for _ in $(seq 600); do
        curl -sf -o /dev/null "$test_base/health/ready" && break
        kill -0 "$test_server_pid" 2>/dev/null || { cat "$test_work/server.log" >&2; echo "$name: the server stopped at start" >&2; exit 1; }
        sleep 0.2
    done
    curl -sf -o /dev/null "$test_base/health/ready" || { test_server_log; echo "$name: the server never became ready" >&2; exit 1; }
}

# test_venv NAME DIR PACKAGE==VERSION...: a kept virtual environment with exactly these pinned
# packages, made again only when its marker of the list is missing or differs.
test_venv() {
    local name=$1 venv=$2; shift 2
    local wanted="$*"
    [ -f "$venv/.packages" ] && [ "$(cat "$venv/.packages")" = "$wanted" ] && return 0
    rm -rf "$venv"
    if ! python3 -m venv "$venv" 2>/dev/null; then
        # Debian's python3 keeps venv in its own package.
        [ "$(id -u)" -eq 0 ] || { echo "$name needs: sudo apt-get install python3-venv" >&2; exit 1; }
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
        rm -rf "$venv"
        python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
    echo "$wanted" >"$venv/.packages"
}
