#!/usr/bin/env bash
# gopls with conclint's analyzers: build it, and test it end to end.
#
#   .ci/gopls.sh build   build bin/gopls-conclint (what `make gopls` runs)
#   .ci/gopls.sh         build, then test it on testdata/example
#
# gopls cannot load third-party analyzers, so this builds gopls itself, from
# the Go module proxy's copy of a pinned release, with one edit: conclint's
# suite (analyzers.All) is added to the analyzer list in
# internal/settings/analysis.go. The edit is made by exact text anchors and
# stops with an error when a release no longer has them.
#
# conclint is wired in with a replace directive pointing at this checkout.
# Every module of gopls's own build list is pinned to the version gopls
# chose, by replace directives, so that gopls is built exactly as released
# (golang.org/x/tools included) and conclint's code is compiled against
# gopls's x/tools, not the newer one conclint's go.mod asks for.
#
# The test: `gopls check` on every file of (a copy of) the example module
# shows every finding the standalone conclint reports there; a
# //conclint:ignore directive removes one in gopls too; and `gopls
# codeaction` offers each of conclint's suggested fixes as a quick fix, which
# applies.
#
# Needs: go; the test also python3 (to read JSON). Exits non-zero with one
# FAIL line on the first failed check.
set -euo pipefail

GOPLS_VERSION=${GOPLS_VERSION:-v0.23.0}
MODE=${1:-test}
case $MODE in build | test) ;; *)
	echo "usage: $0 [build|test]" >&2
	exit 2
	;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bin/gopls-conclint
# -trimpath keeps build-cache keys independent of the temporary directory
# gopls is copied to, so a rebuild recompiles only what changed.
export GOWORK=off GOTOOLCHAIN=local GOFLAGS="-buildvcs=false -trimpath"

fail() {
	echo "FAIL [gopls] $*" >&2
	exit 1
}
step() { echo "== [gopls] $*"; }
set -E
trap 'fail "unexpected error (exit $?) at line $LINENO: $BASH_COMMAND"' ERR
ok() { echo "ok [gopls] $*"; }
started=$SECONDS

TMP=$(mktemp -d "${TMPDIR:-/tmp}/conclint-gopls.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# --- build -----------------------------------------------------------------

step "fetching gopls $GOPLS_VERSION from the module proxy"
SRC=$(cd "$TMP" && go mod download -json "golang.org/x/tools/gopls@$GOPLS_VERSION" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
[ -n "$SRC" ] && [ -f "$SRC/go.mod" ] || fail "go mod download golang.org/x/tools/gopls@$GOPLS_VERSION gave no source directory"
BUILD=$TMP/gopls
cp -r "$SRC" "$BUILD"
chmod -R u+w "$BUILD"

# The edit: one import and one entry in the list of analyzer suites that
# initAnalyzers walks. Each anchor must occur exactly once.
SETTINGS=$BUILD/internal/settings/analysis.go
IMPORT_ANCHOR='	"golang.org/x/tools/go/analysis/suite/vet"'
IMPORT_ADD='	conclint "github.com/conclint/conclint/analyzers"'
LIST_ANCHOR='		{"vet.Suite", vet.Suite, protocol.SeverityWarning},'
LIST_ADD='		{"conclint", conclint.All, protocol.SeverityWarning},'
for anchor in "$IMPORT_ANCHOR" "$LIST_ANCHOR"; do
	n=$(grep -cxF -- "$anchor" "$SETTINGS" || true)
	[ "$n" = 1 ] || fail "gopls $GOPLS_VERSION: expected exactly one line '$(echo "$anchor" | sed 's/^[[:space:]]*//')' in internal/settings/analysis.go, found $n: gopls moved its analyzer list; update the edit in .ci/gopls.sh"
done
ANCHOR_IMPORT="$IMPORT_ANCHOR" ADD_IMPORT="$IMPORT_ADD" ANCHOR_LIST="$LIST_ANCHOR" ADD_LIST="$LIST_ADD" \
	awk '{ print } $0 == ENVIRON["ANCHOR_IMPORT"] { print ENVIRON["ADD_IMPORT"] } $0 == ENVIRON["ANCHOR_LIST"] { print ENVIRON["ADD_LIST"] }' \
	"$SETTINGS" >"$SETTINGS.new"
mv "$SETTINGS.new" "$SETTINGS"
[ "$(grep -cxF -- "$IMPORT_ADD" "$SETTINGS")" = 1 ] && [ "$(grep -cxF -- "$LIST_ADD" "$SETTINGS")" = 1 ] ||
	fail "the edit of internal/settings/analysis.go did not take"
ok "added conclint's analyzers to gopls $GOPLS_VERSION's analyzer list (internal/settings/analysis.go, 2 lines)"

step "pinning gopls's build list and wiring in this checkout"
cd "$BUILD"
TOOLS_PIN=$(go list -m -f '{{.Version}}' golang.org/x/tools)
[ -n "$TOOLS_PIN" ] || fail "cannot read gopls's golang.org/x/tools version"
pins=()
while read -r path version; do
	[ -n "$version" ] && pins+=("-replace=$path=$path@$version")
done < <(go list -m -f '{{.Path}} {{.Version}}' all)
go mod edit "${pins[@]}" \
	-require=github.com/conclint/conclint@v0.0.0-00010101000000-000000000000 \
	-replace=github.com/conclint/conclint="$ROOT"
go mod tidy >"$TMP/tidy.log" 2>&1 || { cat "$TMP/tidy.log" >&2; fail "go mod tidy of gopls + conclint failed"; }
got=$(go list -m -f '{{with .Replace}}{{.Version}}{{else}}{{.Version}}{{end}}' golang.org/x/tools)
[ "$got" = "$TOOLS_PIN" ] || fail "golang.org/x/tools resolved to $got in the gopls build, want gopls's $TOOLS_PIN"
ok "gopls's ${#pins[@]} modules pinned; golang.org/x/tools is $TOOLS_PIN (conclint's go.mod has $(cd "$ROOT" && go list -m -f '{{.Version}}' golang.org/x/tools))"

step "building conclint's packages against golang.org/x/tools $TOOLS_PIN"
# go vet compiles the test files too; -mod=mod records go.sum lines for the
# packages gopls itself does not import (the golangci-lint plugin, the binary).
GOFLAGS="$GOFLAGS -mod=mod" go vet github.com/conclint/conclint/... >"$TMP/vet.log" 2>&1 ||
	{ cat "$TMP/vet.log" >&2; fail "conclint does not build (or vet) against golang.org/x/tools $TOOLS_PIN"; }
ok "every conclint package and its tests compile against golang.org/x/tools $TOOLS_PIN"

step "building $OUT"
mkdir -p "$(dirname "$OUT")"
# The version gopls reports (gopls version, and to the editor): the release
# it is, marked as carrying conclint in semver build metadata.
go build -ldflags="-X main.version=$GOPLS_VERSION+conclint" -o "$OUT" . ||
	fail "building gopls with conclint failed"
"$OUT" version | grep -qF "$GOPLS_VERSION+conclint" || fail "bin/gopls-conclint version does not report $GOPLS_VERSION+conclint"
ok "built bin/gopls-conclint ($(( SECONDS - started ))s so far)"

[ "$MODE" = build ] && exit 0

# --- test ------------------------------------------------------------------

GOPLS=$OUT
EX=$TMP/example
cp -r "$ROOT/testdata/example" "$EX"
cd "$EX"
FILES=$(find . -name '*.go' ! -name '*_test.go' | sed 's|^\./||' | sort)

step "reference: the standalone conclint's findings on the example"
(cd "$ROOT" && go build -o "$TMP/conclint" ./cmd/conclint) || fail "building cmd/conclint failed"
"$TMP/conclint" -json ./... >"$TMP/want.json" || fail "conclint -json ./... failed on the example"

# findings FILE.json: "rel/path.go:line:col<TAB>analyzer<TAB>message<TAB>fix titles (|-separated)<TAB>first fix's first inserted line"
findings() {
	python3 - "$1" "$EX" <<'PY'
import json, os, sys
tree = json.load(open(sys.argv[1]))
seen = set()
for pkg in sorted(tree):
    for name, diags in sorted(tree[pkg].items()):
        if isinstance(diags, dict):
            sys.exit("analyzer %s failed on %s: %s" % (name, pkg, diags.get("error")))
        for d in diags:
            posn = d["posn"]
            path, line, col = posn.rsplit(":", 2)
            key = (os.path.relpath(path, sys.argv[2]), int(line), int(col), name, d["message"])
            if key in seen or key[0].endswith("_test.go"):
                continue
            seen.add(key)
            fixes = d.get("suggested_fixes") or []
            titles = "|".join(f["message"] for f in fixes)
            new = ""
            if fixes and fixes[0]["edits"]:
                new = fixes[0]["edits"][0]["new"].strip().split("\n")[0]
            print("%s:%d:%d\t%s\t%s\t%s\t%s" % (key[0], key[1], key[2], name, d["message"], titles, new))
PY
}
findings "$TMP/want.json" >"$TMP/want.tsv" || fail "reading conclint -json output"
nwant=$(wc -l <"$TMP/want.tsv")
[ "$nwant" -gt 0 ] || fail "the standalone conclint finds nothing in the example: nothing to compare"
ok "standalone conclint: $nwant findings in the example"

# gopls_check OUTFILE: "rel/path.go:line:col<TAB>message" for every diagnostic.
gopls_check() {
	# shellcheck disable=SC2086
	"$GOPLS" check -severity=hint $FILES >"$TMP/check.raw" 2>"$TMP/check.err" ||
		{ cat "$TMP/check.err" >&2; fail "gopls check failed"; }
	python3 - "$TMP/check.raw" "$EX" >"$1" <<'PY'
import os, re, sys
for line in open(sys.argv[1]):
    # file:line:col-endcol, file:line:col or, for column 1, file:line
    m = re.match(r"^(.*?\.go):(\d+)(?::(\d+))?(?:-\S+)?: (.*)$", line.rstrip("\n"))
    if m:
        path = m.group(1)
        if os.path.isabs(path):
            path = os.path.relpath(path, sys.argv[2])
        print("%s:%s:%s\t%s" % (path, m.group(2), m.group(3) or "1", m.group(4)))
PY
}

step "gopls check on $(echo "$FILES" | wc -l) files"
gopls_check "$TMP/check.tsv"
missing=0
while IFS=$'\t' read -r pos name msg _ _; do
	if ! grep -qxF "$pos	$msg" "$TMP/check.tsv"; then
		echo "  missing in gopls check: $pos [$name] $msg" >&2
		missing=$((missing + 1))
	fi
done <"$TMP/want.tsv"
[ "$missing" = 0 ] || fail "gopls check lacks $missing of conclint's $nwant findings (gopls printed: $(wc -l <"$TMP/check.tsv") diagnostics)"
ok "gopls check shows all $nwant conclint findings"

step "gopls codeaction offers conclint's fixes"
nfix=0
while IFS=$'\t' read -r pos name msg titles new; do
	[ -n "$titles" ] || continue
	"$GOPLS" codeaction -kind=quickfix "$pos" >"$TMP/actions.txt" 2>"$TMP/actions.err" ||
		{ cat "$TMP/actions.err" >&2; fail "gopls codeaction $pos failed"; }
	IFS='|' read -ra want_titles <<<"$titles"
	for title in "${want_titles[@]}"; do
		grep -qF "\"$title\" [quickfix]" "$TMP/actions.txt" ||
			fail "gopls codeaction at $pos does not offer [$name] fix \"$title\"; it offers: $(tr '\n' ';' <"$TMP/actions.txt")"
	done
	# Apply the first one and check the diff carries its text.
	re=$(printf '%s' "${want_titles[0]}" | sed 's/[][\.*^$()+?{}|]/\\&/g')
	"$GOPLS" codeaction -kind=quickfix -title="^$re\$" -exec -diff "$pos" >"$TMP/fix.diff" 2>"$TMP/fix.err" ||
		{ cat "$TMP/fix.err" >&2; fail "gopls codeaction -exec at $pos failed"; }
	grep -q '^+' "$TMP/fix.diff" || fail "applying \"${want_titles[0]}\" at $pos through gopls changed nothing"
	if [ -n "$new" ]; then
		grep -qF -- "$new" "$TMP/fix.diff" || fail "applying \"${want_titles[0]}\" at $pos through gopls: the diff lacks '$new'"
	fi
	nfix=$((nfix + 1))
done <"$TMP/want.tsv"
[ "$nfix" -gt 0 ] || fail "no conclint finding in the example has a suggested fix: cannot test gopls's quick fixes"
ok "gopls codeaction offers and applies the quick fixes of all $nfix conclint findings that have one"

step "//conclint:ignore in gopls"
# Suppress the first finding with a directive on the line above it; gopls
# must drop that finding and keep the others. A directive that suppresses
# nothing is reported, in gopls too.
IFS=$'\t' read -r pos name msg _ _ <"$TMP/want.tsv"
file=${pos%%:*}
rest=${pos#*:}
line=${rest%%:*}
python3 - "$file" "$line" "$name" <<'PY'
import sys
path, line, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = open(path).read().split("\n")
indent = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]
lines.insert(line - 1, indent + "//conclint:ignore %s suppressed by .ci/gopls.sh" % name)
# and a stale one at the end of the file
lines.append("//conclint:ignore %s stale directive planted by .ci/gopls.sh" % name)
open(path, "w").write("\n".join(lines))
PY
gopls_check "$TMP/check2.tsv"
grep -qxF "$file:$((line + 1)):${rest#*:}	$msg" "$TMP/check2.tsv" &&
	fail "//conclint:ignore $name above $pos did not suppress the finding in gopls"
grep -qF "conclint:ignore directive suppresses no $name finding" "$TMP/check2.tsv" ||
	fail "gopls does not report the stale //conclint:ignore $name directive"
# The directive suppresses every finding of $name on its line and the next.
nsup=$(awk -F'\t' -v f="$file" -v l="$line" -v a="$name" '{ split($1, p, ":") } p[1] == f && p[2] == l && $2 == a' "$TMP/want.tsv" | wc -l)
others=$(grep -cF -v -- "conclint:ignore directive" "$TMP/check2.tsv" || true)
before=$(wc -l <"$TMP/check.tsv")
[ "$others" = $((before - nsup)) ] || fail "after one //conclint:ignore, gopls shows $others other diagnostics, want $((before - nsup))"
ok "//conclint:ignore suppresses $pos [$name] in gopls, and a stale directive is reported"

echo "PASS [gopls] gopls $GOPLS_VERSION + conclint: build, check, codeaction, suppression ($((SECONDS - started))s)"
