# lib.sh - helpers for end-to-end tests: TAP output, a real server on a free
# loopback port with a temporary data directory, stopped by pid.
# Source it; set FUNDAMENT (the binary) in the environment (make check does).

: "${FUNDAMENT:?FUNDAMENT must point at the fundament binary}"
T_N=0
T_FAIL=0
T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/fundament-test.XXXXXX")
T_PIDS=""

t_cleanup() {
    for p in $T_PIDS; do
        if kill -0 "$p" 2>/dev/null; then
            kill -TERM "$p" 2>/dev/null
            for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
            kill -KILL "$p" 2>/dev/null
        fi
    done
    rm -rf "$T_DIR"
}
trap t_cleanup EXIT INT TERM

ok() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
not_ok() {
    T_N=$((T_N + 1)); T_FAIL=$((T_FAIL + 1)); echo "not ok $T_N - $1"
    [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/# /'
    return 0
}
# check "description" command...: ok when the command succeeds
check() { d=$1; shift; if "$@" >"$T_DIR/out" 2>&1; then ok "$d"; else not_ok "$d" "$(head -c 2000 "$T_DIR/out")"; fi; }
# is "description" actual expected
is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected [$3], got [$2]"; fi; }
done_testing() { echo "1..$T_N"; [ "$T_FAIL" -eq 0 ]; }

free_port() {
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_server DATA_DIR [extra serve options...]: sets PORT, BASE, SERVER_PID
start_server() {
    dd=$1; shift
    for _try in 1 2 3; do
        PORT=$(free_port)
        BASE="http://127.0.0.1:$PORT"
        "$FUNDAMENT" serve --bind 127.0.0.1 --port "$PORT" --data-dir "$dd" \
            --access-log "$T_DIR/access.log" "$@" >"$T_DIR/server.out" 2>&1 &
        SERVER_PID=$!
        T_PIDS="$T_PIDS $SERVER_PID"
        for _ in $(seq 1 200); do
            if curl -s -o /dev/null "$BASE/health"; then return 0; fi
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.05
        done
        kill -KILL "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    done
    echo "# server did not start:"; sed 's/^/# /' "$T_DIR/server.out"
    return 1
}

# stop_server: SIGTERM, wait for a clean exit; returns the exit status
stop_server() {
    kill -TERM "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID"
}

# http_status URL [curl options...]: prints the status code
http_status() { u=$1; shift; curl -s -o /dev/null -w '%{http_code}' "$@" "$u"; }
