#!/bin/sh
# Prints "N passed, M failed, K skipped" over automake .trs files (TAP results).
pass=0; fail=0; skip=0
for t in "$@"; do
    [ -f "$t" ] || continue
    p=$(grep -c '^:test-result: PASS' "$t"); x=$(grep -c '^:test-result: XFAIL' "$t")
    f=$(grep -c '^:test-result: FAIL' "$t"); e=$(grep -c '^:test-result: ERROR' "$t")
    u=$(grep -c '^:test-result: XPASS' "$t"); s=$(grep -c '^:test-result: SKIP' "$t")
    pass=$((pass + p + x)); fail=$((fail + f + e + u)); skip=$((skip + s))
    if [ $((f + e + u)) -gt 0 ]; then
        echo "failed in ${t%.trs}:"; grep -E '^(not ok|Bail out)' "${t%.trs}.log" | head -20
    fi
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
