#!/bin/sh
# queries.sh - the twelve data-team queries of the shared benchmark, in
# fundament and in Oxigraph (npm oxigraph@0.5, in-memory), same data, same
# run: median evaluation time, rows (the engines must agree), ratio.
#   BENCH_QUERY_SIZES="1000000 10000000" sh tests/bench/queries.sh
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUNDAMENT_TOP_BUILDDIR:-$top}
shared=${FUNDAMENT_SHARED:-$top/../shared}
BENCH_DIR=${BENCH_DIR:-$build/bench-data}
SIZES=${BENCH_QUERY_SIZES:-1000000}
F=$build/fundament
Q=$shared/bench/queries
mkdir -p "$BENCH_DIR"
if [ ! -d "$BENCH_DIR/node/node_modules/oxigraph" ]; then
    mkdir -p "$BENCH_DIR/node"
    (cd "$BENCH_DIR/node" && npm install --silent oxigraph@0.5 >/dev/null 2>&1) || echo "# oxigraph not installable: peer skipped"
fi
for n in $SIZES; do
    d=$BENCH_DIR/qacc-$n.nq c=$BENCH_DIR/qcodes-$n.nq dd=$BENCH_DIR/qdd-$n
    [ -f "$d" ] || python3 "$shared/bench/gen_accounting.py" "$n" "$d" --concepts "$c" --invalid-rate 0.001 2>/dev/null
    [ -d "$dd" ] || "$F" load --data-dir "$dd" "$d" "$c" >/dev/null
    ox=$BENCH_DIR/qox-$n.txt
    if [ -d "$BENCH_DIR/node/node_modules/oxigraph" ]; then
        # Oxigraph does not finish q07 (NOT EXISTS) in minutes: it runs alone
        # under a time limit so that the other eleven are measured
        rm -rf "$BENCH_DIR/q-main" "$BENCH_DIR/q-07"
        mkdir -p "$BENCH_DIR/q-main" "$BENCH_DIR/q-07"
        for f in "$Q"/*.rq; do
            case "$f" in *q07*) cp "$f" "$BENCH_DIR/q-07/" ;; *) cp "$f" "$BENCH_DIR/q-main/" ;; esac
        done
        (cd "$BENCH_DIR/node" && timeout 1200 node "$shared/bench/oxigraph_bench.mjs" --runs 5 "$BENCH_DIR/q-main" "$c" "$d") >"$ox" 2>&1 || true
        (cd "$BENCH_DIR/node" && timeout "${BENCH_OX_Q07_TIMEOUT:-180}" node "$shared/bench/oxigraph_bench.mjs" --runs 1 "$BENCH_DIR/q-07" "$c" "$d") >>"$ox" 2>&1 || true
    else
        : >"$ox"
    fi
    echo "## $(cat "$d" "$c" | wc -l) quads"
    echo "| query | fundament ms | rows | Oxigraph ms | rows | fundament / Oxigraph |"
    echo "|---|---|---|---|---|---|"
    for f in "$Q"/*.rq; do
        q=$(basename "$f")
        line=$("$F" query --data-dir "$dd" --bundle /nonexistent --results tsv --repeat 5 --timeout 300 "@$f" 2>&1 >/dev/null | grep '^query:' || echo "query: failed")
        ms=$(echo "$line" | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p')
        rows=$(echo "$line" | sed -n 's/.* \([0-9]*\) rows.*/\1/p')
        oms=$(awk -v q="$q" '$1 == q { sub("median_ms=", "", $2); print $2 }' "$ox")
        orows=$(awk -v q="$q" '$1 == q { sub("rows=", "", $5); print $5 }' "$ox")
        ratio=$(/usr/bin/python3 -c "a,b='$ms','$oms'; print('%.3f' % (float(a)/float(b)) if a and b else 'n/a')")
        echo "| $q | ${ms:-failed} | ${rows:-} | ${oms:-did not finish} | ${orows:-} | $ratio |"
    done
done
