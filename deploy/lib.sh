# Shared by deploy/run, deploy/test and Benchmarks: system packages and a private PostgreSQL.
# Sourced, not run.

# Installs what building and running SafeSkills needs, where it is missing. As root it installs;
# otherwise it uses sudo when it can, or prints the exact command and stops.
ensure_system_packages() {
    local missing=()
    command -v swift >/dev/null || { echo "Swift 6 is not on PATH: install the Swift toolchain first (https://swift.org/install)." >&2; exit 1; }
    pg_bindir >/dev/null 2>&1 || missing+=(postgresql)
    [ -e /usr/include/argon2.h ] || missing+=(libargon2-dev)
    command -v python3 >/dev/null || missing+=(python3 python3-pip)
    # The webhook notifier's HTTP client (FoundationNetworking) loads libcurl.
    ldconfig -p 2>/dev/null | grep -q 'libcurl.so.4 ' || missing+=(libcurl4)
    [ ${#missing[@]} -eq 0 ] && return 0
    apt_install "${missing[@]}"
}

# apt_install PACKAGE...: installs Debian packages as root, through sudo when it can, or prints the
# exact command and stops.
apt_install() {
    local apt=(apt-get install -y --no-install-recommends "$@")
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${apt[@]}"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive "${apt[@]}"
    else
        echo "Missing system packages. Run this, then try again:" >&2
        echo "  sudo apt-get update && sudo ${apt[*]}" >&2
        exit 1
    fi
}

# The newest installed PostgreSQL's bin folder (Debian keeps them versioned).
pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] || return 1
    echo "$dir"
}

# Runs a PostgreSQL tool as the data folder's owner: postgres refuses to run as root.
as_pg_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# pg_start DATA_DIR PORT [EXTRA postgres -c settings...]: creates the cluster on first use, then
# starts it on 127.0.0.1:PORT with no Unix socket, and waits until it answers.
pg_start() {
    local data=$1 port=$2; shift 2
    local bin; bin=$(pg_bindir)
    if [ ! -s "$data/PG_VERSION" ]; then
        mkdir -p "$data"
        [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
        chmod 700 "$data"
        as_pg_user "$bin/initdb" --pgdata="$data" --username=postgres --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >"$data.initdb.log" 2>&1 \
            || { cat "$data.initdb.log" >&2; return 1; }
    fi
    if as_pg_user "$bin/pg_ctl" --pgdata="$data" status >/dev/null 2>&1; then
        return 0 # already running from an earlier start: reuse it
    fi
    local options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=''"
    for setting in "$@"; do options="$options -c $setting"; done
    as_pg_user "$bin/pg_ctl" --pgdata="$data" --wait --timeout=60 --log="$data/server.log" \
        --options="$options" start >/dev/null \
        || { cat "$data/server.log" >&2; return 1; }
}

pg_stop() {
    local data=$1
    [ -f "$data/postmaster.pid" ] || return 0
    as_pg_user "$(pg_bindir)/pg_ctl" --pgdata="$data" --mode=fast --wait stop >/dev/null 2>&1 || true
}

# A folder the postgres user can reach: the checkout's own when it can, else one under /var/tmp
# (a checkout under /root is closed to other users).
pg_data_dir() {
    local wanted=$1
    if [ "$(id -u)" -ne 0 ] || runuser -u postgres -- test -x "$(dirname "$wanted")" 2>/dev/null; then
        echo "$wanted"
    else
        echo "/var/tmp/safeskills-$(echo "$wanted" | sha256sum | cut -c1-12)/postgres"
    fi
}

# A free TCP port on 127.0.0.1, starting from the one given: one a server can bind, as PostgreSQL
# does (with SO_REUSEADDR). Nothing listening is not enough: a client connection may hold the
# port as its own end, and then the server's bind fails.
free_port() {
    local port=$1
    until python3 -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}

# The tools the tests call beyond Swift and PostgreSQL: Debian packages, then Python ones.
ensure_test_tools() {
    # The QR code round trip (QRCodeTests) renders each SVG with librsvg and reads it back with ZBar.
    local missing=()
    command -v rsvg-convert >/dev/null || missing+=(librsvg2-bin)
    command -v zbarimg >/dev/null || missing+=(zbar-tools)
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
    # openbadgeslib verifies credentials independently; aiosmtpd is the real SMTP server the
    # notifier tests send to; Ralph (ralph-malph, its LRS server and CLI) is the real learning
    # record store the xAPI tests send statements to, on its file-system backend.
    python3 -c "import openbadgeslib, aiosmtpd, ralph.api, click_option_group, uvicorn" 2>/dev/null && return 0
    local packages=(openbadgeslib aiosmtpd 'ralph-malph[cli,lrs]')
    python3 -m pip install --quiet --disable-pip-version-check "${packages[@]}" 2>/dev/null \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${packages[@]}"
}
