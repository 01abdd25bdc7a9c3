# The database pair of deploy/cluster under Patroni, with a one-member etcd as its store of the
# leader key (docs/operations.md, "Failover with Patroni"). Sourced by deploy/cluster, which sets
# dir, pgroot and the ports before.
#
# Member N (1 or 2) is PostgreSQL on 127.0.0.1:$((primary_port + N - 1)), Patroni's REST API on
# 127.0.0.1:$((patroni_first_api_port + N - 1)); either may be the primary. HAProxy asks each
# REST API `GET /primary` (and `GET /replica`) to know where to send connections.

etcd_client_port=54379
etcd_peer_port=54380
patroni_first_api_port=8008
# Drill timings: a dead primary's leader key expires after PATRONI_TTL s; production uses
# Patroni's defaults (ttl 30, loop_wait 10, retry_timeout 10). loop_wait + 2 * retry_timeout <= ttl.
patroni_ttl=${PATRONI_TTL:-10}
patroni_loop_wait=${PATRONI_LOOP_WAIT:-1}
patroni_retry_timeout=${PATRONI_RETRY_TIMEOUT:-4}

member_port() { echo $((primary_port + $1 - 1)); }
member_api_port() { echo $((patroni_first_api_port + $1 - 1)); }
member_data() { echo "$pgroot/member$1"; }
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

etcd_start() {
    alive "$dir/etcd.pid" && return 0
    mkdir -p "$dir/etcd"
    # A single member: enough for one machine; production runs three (or five) on separate hosts.
    etcd --name drill --data-dir "$dir/etcd" \
        --listen-client-urls "http://127.0.0.1:$etcd_client_port" --advertise-client-urls "http://127.0.0.1:$etcd_client_port" \
        --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
        --initial-cluster "drill=http://127.0.0.1:$etcd_peer_port" >>"$dir/logs/etcd.log" 2>&1 &
    echo $! >"$dir/etcd.pid"
    for _ in $(seq 1 50); do
        curl -fsS "http://127.0.0.1:$etcd_client_port/health" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "etcd did not start: $dir/logs/etcd.log" >&2; tail -n 20 "$dir/logs/etcd.log" >&2; return 1
}

patroni_config() { # N: writes member N's Patroni configuration
    local n=$1 data
    data=$(member_data "$n")
    cat >"$dir/patroni$n.yml" <<EOF
scope: safeskills
name: member$n
log:
  level: INFO
restapi:
  listen: 127.0.0.1:$(member_api_port "$n")
  connect_address: 127.0.0.1:$(member_api_port "$n")
etcd3:
  hosts: 127.0.0.1:$etcd_client_port
bootstrap:
  dcs:
    ttl: $patroni_ttl
    loop_wait: $patroni_loop_wait
    retry_timeout: $patroni_retry_timeout
    maximum_lag_on_failover: 1048576
    postgresql:
      use_pg_rewind: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 1GB
        max_connections: 300
        fsync: "on"
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - auth: trust
postgresql:
  listen: 127.0.0.1:$(member_port "$n")
  connect_address: 127.0.0.1:$(member_port "$n")
  data_dir: $data
  bin_dir: $(pg_bindir)
  pgpass: $dir/run/patroni$n.pgpass
  authentication:
    superuser:
      username: postgres
    replication:
      username: postgres
    rewind:
      username: postgres
  parameters:
    unix_socket_directories: ''
  pg_hba:
    - host all all 127.0.0.1/32 trust
    - host replication all 127.0.0.1/32 trust
EOF
    chown postgres:postgres "$dir/patroni$n.yml" 2>/dev/null || true
}

patroni_start() { # N
    local n=$1
    alive "$dir/run/patroni$n.pid" && return 0
    patroni_config "$n"
    mkdir -p "$(dirname "$(member_data "$n")")" "$dir/run"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$(dirname "$(member_data "$n")")" "$dir/run"
    # Patroni runs postgres as its child: both as the postgres user, which postgres insists on.
    # The pid file holds Patroni's own pid (not runuser's), for the drill's kill -9.
    # shellcheck disable=SC2016
    as_pg_user sh -c 'echo $$ >"$1"; exec patroni "$2"' sh "$dir/run/patroni$n.pid" "$dir/patroni$n.yml" \
        >>"$dir/logs/patroni$n.log" 2>&1 &
    for _ in $(seq 1 50); do [ -s "$dir/run/patroni$n.pid" ] && break; sleep 0.1; done
}

# The member whose REST API answers GET /primary with 200 (none: prints nothing).
patroni_leader() {
    local n
    for n in 1 2; do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(member_api_port "$n")/primary")" = 200 ] && { echo "$n"; return 0; }
    done
    return 0
}

wait_patroni() { # waits for a primary and (with two members running) a streaming replica
    local leader
    for _ in $(seq 1 300); do
        leader=$(patroni_leader)
        if [ -n "$leader" ] && psql_at "$(member_port "$leader")" "SELECT 1" >/dev/null 2>&1; then
            for n in 1 2; do
                [ "$n" = "$leader" ] && continue
                alive "$dir/run/patroni$n.pid" || continue
                [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(member_api_port "$n")/replica")" = 200 ] || continue 2
            done
            return 0
        fi
        sleep 0.5
    done
    echo "Patroni found no primary in 150 s: $dir/logs/patroni*.log" >&2
    tail -n 20 "$dir"/logs/patroni*.log >&2
    return 1
}

# SYNCHRONOUS=true|false into the cluster's shared configuration (etcd), whichever member leads.
patroni_set_synchronous() {
    local leader; leader=$(patroni_leader)
    curl -fsS -X PATCH -H 'Content-Type: application/json' -d "{\"synchronous_mode\": $1}" \
        "http://127.0.0.1:$(member_api_port "${leader:-1}")/config" >/dev/null
}

patroni_stop() { # N: Patroni stops its postgres (fast shutdown) before it exits
    local n=$1 pid
    pid=$(cat "$dir/run/patroni$n.pid" 2>/dev/null || true)
    if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -f "$dir/run/patroni$n.pid"
    pg_stop "$(member_data "$n")" # a postgres left by a killed Patroni
}

etcd_stop() {
    if [ -s "$dir/etcd.pid" ]; then
        kill -TERM "$(cat "$dir/etcd.pid")" 2>/dev/null || true
        while kill -0 "$(cat "$dir/etcd.pid")" 2>/dev/null; do sleep 0.2; done
        rm -f "$dir/etcd.pid"
    fi
}
