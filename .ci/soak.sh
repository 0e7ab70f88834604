#!/usr/bin/env bash
# soak: run the whole suite over the Go standard library and cmd, and over
# the real modules of ../shared/realcode.sh, and fail on any panic, internal
# error or analyzer failure that is not a plain type error in the analysed
# code. Prints, per set, the number of packages covered.
#
#   .ci/soak.sh              # std cmd + realcode's small set
#   .ci/soak.sh -set all     # std cmd + realcode's small and large sets
#   .ci/soak.sh -set none    # std cmd only
#   .ci/soak.sh -no-std      # realcode's small set only
#   .ci/soak.sh -only kratos # one set only: std (std cmd) or a realcode module
#
# Each set runs as a standalone `conclint -json PATTERNS`, which hands the
# packages to `go vet -vettool=conclint`: one process per package, test files
# included, and every dependency analysed for facts too. go vet prints what
# the tool writes to stderr under a "# package" line; conclint's front prints
# analyzer errors (the JSON {"error": ...} entries) as "conclint: PKG:
# ANALYZER: MESSAGE". A panic, a "conclint: " line, a package that could not
# be loaded or an unexplained exit status fails the soak; type errors in the
# analysed code are counted, not failed.
#
# The realcode modules are set up under $SOAK_DIR/mod-NAME, separately from
# realcode.sh's (which lints without test files): `go get -t` also fetches
# the test files' dependencies, through the module proxy, once.
#
# go vet caches each package's result for a given conclint binary (only
# results without failure): a re-run with the same binary is fast, and its
# seconds are not those of a cold run.
#
# Environment: SOAK_DIR (default /tmp/conclint-soak) holds the binary, the
# modules and, per set, NAME.json (findings), NAME.err (stderr), NAME.pkgs.
set -uo pipefail
cd "$(dirname "$0")/.."
SET=small ONLY= STD=1
while [ $# -gt 0 ]; do
	case $1 in
	-set) SET=${2:-small}; shift 2 ;;
	-only) ONLY=${2:-}; shift 2 ;;
	-no-std) STD=; shift ;;
	*) echo "soak: unknown flag $1 (flags: -set small|all|none, -no-std, -only NAME)" >&2; exit 2 ;;
	esac
done
OUT=${SOAK_DIR:-/tmp/conclint-soak}
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
go build -o "$OUT/conclint" ./cmd/conclint || exit 2

# The module lists, from realcode.sh: one place names the real modules.
SMALL= LARGE=
eval "$(sed -n '/^SMALL="/,/^"/p; /^LARGE="/,/^"/p' ../shared/realcode.sh)"
[ -n "$SMALL" ] || { echo "soak: no SMALL module list in ../shared/realcode.sh" >&2; exit 2; }
case $SET in
small) LIST=$SMALL ;;
all) LIST="$SMALL$LARGE" ;;
none) LIST= ;;
*) echo "soak: -set small, all or none" >&2; exit 2 ;;
esac
[ -n "$ONLY" ] && LIST="$SMALL$LARGE"

fail=0 total=0 start_all=$(date +%s)

# check NAME STATUS SECONDS: classifies NAME.err, counts NAME.pkgs and
# NAME.json's findings; exit status 1 on a failure.
check() {
	python3 - "$OUT/$1" "$1" "$2" "$3" <<'PY'
import json, re, sys
base, name, rc, secs = sys.argv[1:]
rc = int(rc)
err = open(base + ".err", errors="replace").read()
raw = open(base + ".json", errors="replace").read()
pkgs = [l for l in open(base + ".pkgs").read().split() if l]
deps = int(open(base + ".deps").read().strip() or 0)
bad, typeerr, cur, trace = [], set(), None, None
load = re.compile(r"missing go\.sum entry|no required module provides|cannot find (package|module)|"
                  r"build constraints exclude all|matched no packages|no packages to vet|^go: |^package .* is not in")
for line in err.splitlines():
    if line.startswith("# "):
        cur, trace = line[2:].split(" ")[0], None
        continue
    if not line.strip():
        continue
    if trace is not None:
        # The rest of a panic's block is its stack: name conclint's first
        # frame and its file:line, skip the rest.
        if trace == "" and "/conclint/analyzers/" in line:
            trace = line.strip()
        elif trace and trace != "done" and line.startswith("\t"):
            bad[-1] += f"\n      in {trace}\n      at {line.strip()}"
            trace = "done"
        continue
    if re.search(r"panic[:(]|^goroutine \d+ \[|internal error|fatal error:|runtime error", line):
        bad.append(f"panic or internal error in {cur or '?'}: {line}")
        trace = ""
    elif line.startswith("conclint: "):
        bad.append(line)  # an analyzer error, or the tool or front failing
    elif load.search(line):
        bad.append(f"not loaded: {line}")
    elif cur and re.match(r"^\S+\.go:\d+:\d+: ", line):
        typeerr.add(cur)  # a type error in the analysed code
    elif cur:
        bad.append(f"{cur}: {line}")
    else:
        bad.append(f"unexplained stderr: {line}")
findings, i = 0, raw.find("{")
if i >= 0:
    try:
        data = json.loads(raw[i:])
        findings = sum(len(v) for by in data.values() for v in by.values() if isinstance(v, list))
    except json.JSONDecodeError as e:
        bad.append(f"unreadable JSON: {e}")
elif rc == 0:
    bad.append("no JSON output")
if rc not in (0, 1) or (rc == 1 and not typeerr and not bad):
    bad.append(f"exit status {rc} unexplained by stderr")
print(f"{name:14} packages={len(pkgs):5} with-deps={deps:5} type-errors={len(typeerr):3} "
      f"findings={findings:5} seconds={float(secs):7.1f}")
for b in bad[:20]:
    print("  FAIL", b[:600])
if len(bad) > 20:
    print(f"  FAIL ... and {len(bad) - 20} more: {base}.err")
sys.exit(1 if bad else 0)
PY
}

# soak NAME DIR PATTERN...: lints the patterns in DIR and checks the result.
soak() {
	local name=$1 dir=$2
	shift 2
	(cd "$dir" && go list -e -f '{{.ImportPath}}' "$@" >"$OUT/$name.pkgs" 2>/dev/null &&
		go list -e -deps "$@" 2>/dev/null | wc -l >"$OUT/$name.deps")
	local t0=$(date +%s.%N) rc
	(cd "$dir" && "$OUT/conclint" -json "$@" >"$OUT/$name.json" 2>"$OUT/$name.err" </dev/null)
	rc=$?
	check "$name" "$rc" "$(echo "$(date +%s.%N) - $t0" | bc)" || fail=1
	total=$((total + $(wc -l <"$OUT/$name.pkgs")))
}

if [ -n "$STD" ] && { [ -z "$ONLY" ] || [ "$ONLY" = std ]; }; then
	soak std "$(go env GOROOT)/src" std cmd
fi

while read -r name modver pats; do
	[ -z "$name" ] && continue
	[ -n "$ONLY" ] && [ "$ONLY" != "$name" ] && continue
	m="$OUT/mod-$name"
	if [ ! -f "$m/.ready" ]; then
		rm -rf "$m"
		mkdir -p "$m"
		(cd "$m" && printf 'module soak/%s\n\ngo 1.26\n' "$name" >go.mod &&
			go get -t "${modver%@*}/...@${modver#*@}" >get.log 2>&1 </dev/null && touch .ready) ||
			{ echo "$name: could not fetch $modver with its test dependencies (see $m/get.log)"; fail=1; continue; }
	fi
	# shellcheck disable=SC2086
	soak "$name" "$m" $pats
done <<<"$LIST"

echo "soak: $total packages in $(($(date +%s) - start_all))s"
[ $fail -eq 0 ] && echo "soak: no panic, no analyzer error" || echo "soak: FAILED"
exit $fail
