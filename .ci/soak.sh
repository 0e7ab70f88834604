#!/usr/bin/env bash
# soak: run the whole suite over the Go standard library and cmd, and over
# the real modules of ../shared/realcode.sh, and fail on any panic, internal
# error or analyzer failure that is not a plain type error in the analysed
# code. Prints the number of packages covered.
#
#   .ci/soak.sh            # std cmd + realcode's small set
#   .ci/soak.sh -set all   # std cmd + realcode's small and large sets
set -uo pipefail
cd "$(dirname "$0")/.."
SET=small
[ "${1:-}" = "-set" ] && SET=${2:-small}
OUT=${SOAK_DIR:-/tmp/conclint-soak}
mkdir -p "$OUT"
go build -o "$OUT/conclint" ./cmd/conclint || exit 2
fail=0

# check NAME JSONFILE ERRFILE: counts packages, reports analyzer errors and panics.
check() {
	python3 - "$@" <<'PY'
import json, sys, re
name, jpath, epath = sys.argv[1:]
raw = open(jpath, errors="replace").read()
err = open(epath, errors="replace").read()
bad = []
if re.search(r"panic:|goroutine \d+ \[|internal error", err):
    bad.append("stderr shows a panic or internal error:\n" + err[:3000])
i = raw.find("{")
data = {}
if i >= 0:
    try:
        data = json.loads(raw[i:])
    except json.JSONDecodeError as e:
        bad.append(f"unreadable JSON: {e}")
pkgs = len(data)
for pkg, by in data.items():
    for an, v in by.items():
        if isinstance(v, dict) and "error" in v:
            bad.append(f"{pkg} {an}: {v['error']}")
print(f"{name:14} packages={pkgs:5} findings={sum(len(v) for by in data.values() for v in by.values() if isinstance(v, list))}")
for b in bad[:20]:
    print("  FAIL", b)
sys.exit(1 if bad else 0)
PY
}

echo "== std cmd"
(cd "$(go env GOROOT)/src" && "$OUT/conclint" -json -test=false std cmd >"$OUT/std.json" 2>"$OUT/std.err")
check std "$OUT/std.json" "$OUT/std.err" || fail=1

echo "== realcode ($SET)"
REALCODE_DIR=${REALCODE_DIR:-/tmp/realcode} ../shared/realcode.sh -set "$SET" -bin "$OUT/conclint" >"$OUT/realcode.log" 2>&1
cat "$OUT/realcode.log"
for j in "${REALCODE_DIR:-/tmp/realcode}"/*.json; do
	n=$(basename "$j" .json)
	check "$n" "$j" "${j%.json}.err" || fail=1
done
[ $fail -eq 0 ] && echo "soak: no panic, no analyzer error" || echo "soak: FAILED"
exit $fail
