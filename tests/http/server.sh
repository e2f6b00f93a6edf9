#!/bin/sh
# The real server over HTTP: health, a resource in Turtle that rapper parses,
# 404, 405, 413, the access log, a clean SIGTERM, and a restart that keeps
# loaded data.
. "${FUNDAMENT_TOP_SRCDIR:-.}/tests/http/lib.sh"

DD="$T_DIR/data"
start_server "$DD" --max-body 1K || { not_ok "server starts"; done_testing; exit 1; }
ok "server starts on a free loopback port"

# health
code=$(curl -s -o "$T_DIR/h.json" -w '%{http_code} %{content_type}' "$BASE/health")
is "GET /health is 200 JSON" "$code" "200 application/json"
check "/health names generation, journal sequence and size" \
    /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["status"]=="ok"; [d[k] for k in ("generation","journal_seq","quads")]; assert d["quads"] > 1000, d' "$T_DIR/h.json"

# a bundled resource, in Turtle that an independent parser accepts
code=$(curl -s -o "$T_DIR/pf.ttl" -w '%{http_code}' "$BASE/doc/concept/Beleidsveld/0220")
is "GET /doc/concept/Beleidsveld/0220 is 200" "$code" "200"
check "the description parses with rapper" rapper -q -i turtle -I "$BASE/doc/x" -c "$T_DIR/pf.ttl"
rapper -q -i turtle -I "$BASE/" -o ntriples "$T_DIR/pf.ttl" >"$T_DIR/pf.nt" 2>/dev/null
check "it describes the resource under the configured base" \
    grep -q "^<$BASE/id/concept/Beleidsveld/0220> <http://www.w3.org/2004/02/skos/core#prefLabel> \"Parkeren\"@nl" "$T_DIR/pf.nt"
check "every triple has that subject, a blank node subject, or labels a linked IRI" \
    sh -c "! grep -v -e '^<$BASE/id/concept/Beleidsveld/0220> ' -e '^_:' -e '> <http://www.w3.org/2004/02/skos/core#prefLabel> ' -e '> <http://www.w3.org/2000/01/rdf-schema#label> ' -e '> <http://purl.org/dc/terms/title> ' '$T_DIR/pf.nt'"

# errors
is "unknown resource is 404" "$(http_status "$BASE/doc/concept/Beleidsveld/9999")" "404"
is "unknown path is 404" "$(http_status "$BASE/nothing-here")" "404"
is "DELETE on /health is 405" "$(http_status "$BASE/health" -X DELETE)" "405"
allow=$(curl -s -D - -o /dev/null -X DELETE "$BASE/health" | tr -d '\r' | awk -F': ' 'tolower($1)=="allow" {print $2}')
check "405 names the allowed methods" sh -c "echo '$allow' | grep -q GET"
head -c 4096 /dev/zero >"$T_DIR/big"
is "a body over --max-body is 413, before it is read" "$(http_status "$BASE/health" -X GET -H "Content-Type: text/turtle" --data-binary @"$T_DIR/big")" "413"
is "HEAD works where GET does" "$(http_status "$BASE/health" -I)" "200"
is "a target with .. is 400" "$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$BASE/doc/../health")" "400"

# shutdown: SIGTERM ends the server cleanly
stop_server
is "SIGTERM stops the server with status 0" "$?" "0"
check "the access log has method, path, status and bytes" \
    grep -q 'GET /doc/concept/Beleidsveld/0220 200 ' "$T_DIR/access.log"

# data loaded through the journal survives restarts; the base stays that of
# the first server (the port changes between restarts)
old=$BASE
cat >"$T_DIR/e.ttl" <<TTL
@prefix bbc: <ns/bbc#> .
<id/boeking/44021/test-1> a bbc:Boeking ; bbc:omschrijving "Testboeking"@nl .
TTL
check "load into a graph" "$FUNDAMENT" load --data-dir "$DD" --base "$old/" --graph "$old/graph/gemeente/44021/boekhouding" "$T_DIR/e.ttl"
start_server "$DD" --base "$old/" || not_ok "server restarts with a fixed base"
code=$(curl -s -o "$T_DIR/e-out.ttl" -w '%{http_code}' "$BASE/doc/boeking/44021/test-1")
is "loaded resource is served after a restart" "$code" "200"
check "it holds the loaded label" grep -q 'Testboeking' "$T_DIR/e-out.ttl"
stop_server
start_server "$DD" --base "$old/" || not_ok "server restarts again"
is "and after another restart" "$(http_status "$BASE/doc/boeking/44021/test-1")" "200"
stop_server

# a corrupt journal stops the server with a clear message, untouched
printf 'this is not a journal' >"$T_DIR/bad/journal.sqlite" 2>/dev/null || { mkdir -p "$T_DIR/bad"; printf 'this is not a journal' >"$T_DIR/bad/journal.sqlite"; }
"$FUNDAMENT" serve --port "$(free_port)" --data-dir "$T_DIR/bad" >"$T_DIR/bad.out" 2>&1
is "a corrupt journal stops the server" "$?" "1"
check "with a message naming the journal" grep -q 'journal.sqlite' "$T_DIR/bad.out"
is "and leaves it as it was" "$(cat "$T_DIR/bad/journal.sqlite")" "this is not a journal"
done_testing
