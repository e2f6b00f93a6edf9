#!/bin/sh
# The command line's contract: usage errors, --help, bad input to load (file,
# line and column, exit 2, nothing written), export of what was loaded.
. "${FUNDAMENT_TOP_SRCDIR:-.}/tests/http/lib.sh"

DD="$T_DIR/data"
"$FUNDAMENT" frobnicate >/dev/null 2>"$T_DIR/err"
is "an unknown command exits 2" "$?" "2"
check "and prints usage" grep -q 'usage: fundament COMMAND' "$T_DIR/err"
for c in serve load export rebuild convert; do
    "$FUNDAMENT" "$c" --help >"$T_DIR/help" 2>&1
    is "fundament $c --help exits 0" "$?" "0"
    check "fundament $c --help shows usage" grep -q "usage: fundament $c" "$T_DIR/help"
    "$FUNDAMENT" "$c" --no-such-option >/dev/null 2>&1
    is "fundament $c with an unknown option exits 2" "$?" "2"
done

printf '@prefix ex: <http://example.org/> .\nex:a ex:p ex:b .\n' >"$T_DIR/good.ttl"
check "a good file loads" "$FUNDAMENT" load --data-dir "$DD" --graph urn:g:one "$T_DIR/good.ttl"
printf '@prefix ex: <http://example.org/> .\nex:c ex:p ex:d .\nex:e ex:p "unterminated .\n' >"$T_DIR/bad.ttl"
"$FUNDAMENT" load --data-dir "$DD" --graph urn:g:two "$T_DIR/good.ttl" "$T_DIR/bad.ttl" >"$T_DIR/out" 2>"$T_DIR/err"
is "a malformed Turtle file exits 2" "$?" "2"
check "the message names file, line and column" grep -q "bad.ttl:3:[0-9][0-9]*: " "$T_DIR/err"
printf '<http://a> <http://b> <http://c> .\n<http://a> <http://b> <http://c\n' >"$T_DIR/bad.nt"
"$FUNDAMENT" load --data-dir "$DD" "$T_DIR/bad.nt" >/dev/null 2>"$T_DIR/err"
is "a malformed N-Triples file exits 2" "$?" "2"
check "with line and column" grep -q "bad.nt:2:[0-9][0-9]*: " "$T_DIR/err"
printf '{"@id": "http://a", "http://b": ' >"$T_DIR/bad.jsonld"
"$FUNDAMENT" load --data-dir "$DD" "$T_DIR/bad.jsonld" >/dev/null 2>"$T_DIR/err"
is "a malformed JSON-LD file exits 2" "$?" "2"
check "with line and column" grep -q "bad.jsonld:1:[0-9][0-9]*: " "$T_DIR/err"
"$FUNDAMENT" export --data-dir "$DD" --bundle /nonexistent >"$T_DIR/all.nq"
is "nothing of the failed loads was written" "$(wc -l <"$T_DIR/all.nq" | tr -d ' ')" "1"
check "the good load is in its graph" grep -q '<http://example.org/a> <http://example.org/p> <http://example.org/b> <urn:g:one> .' "$T_DIR/all.nq"
"$FUNDAMENT" rebuild --data-dir "$DD" --bundle /nonexistent >"$T_DIR/rebuild"
check "rebuild reports one change set" grep -q 'journal: 1 change sets up to seq 1' "$T_DIR/rebuild"

# N-Quads and TriG keep their graphs; JSON-LD loads too
printf '<http://x/s> <http://x/p> "v"@nl <http://x/g1> .\n<http://x/s> <http://x/p> "w" .\n' >"$T_DIR/q.nq"
printf '{"@context": {"@vocab": "http://x/"}, "@id": "http://x/j", "name": "J"}' >"$T_DIR/j.jsonld"
check "N-Quads and JSON-LD load in one change set" "$FUNDAMENT" load --data-dir "$DD" --graph urn:g:three "$T_DIR/q.nq" "$T_DIR/j.jsonld"
"$FUNDAMENT" export --data-dir "$DD" --bundle /nonexistent --format nquads >"$T_DIR/all.nq"
check "a quad keeps its graph" grep -q '<http://x/s> <http://x/p> "v"@nl <http://x/g1> .' "$T_DIR/all.nq"
check "a triple goes to --graph" grep -q '<http://x/s> <http://x/p> "w" <urn:g:three> .' "$T_DIR/all.nq"
check "JSON-LD was read" grep -q '<http://x/j> <http://x/name> "J" <urn:g:three> .' "$T_DIR/all.nq"
"$FUNDAMENT" export --data-dir "$DD" --bundle /nonexistent --format trig >"$T_DIR/all.trig"
check "TriG export parses" rapper -q -i trig -c "$T_DIR/all.trig"
"$FUNDAMENT" export --data-dir "$DD" --bundle /nonexistent --graph urn:g:one --format turtle >"$T_DIR/one.ttl"
is "one graph as Turtle" "$(rapper -q -i turtle -o ntriples "$T_DIR/one.ttl" | wc -l | tr -d ' ')" "1"
"$FUNDAMENT" export --data-dir "$DD" --graph urn:g:none >/dev/null 2>&1
is "an unknown graph is an error" "$?" "1"
done_testing
