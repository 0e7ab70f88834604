#!/usr/bin/env bash
# conclint as a golangci-lint module plugin, end to end and offline (the Go
# module proxy is the only host it needs):
#
#   1. install golangci-lint through the Go module proxy;
#   2. build the custom binary the way users do, `golangci-lint custom` with
#      the repository's .custom-gcl.yml (conclint from this checkout, a
#      `path:` plugin). `custom` clones golangci-lint from GitHub, which is
#      out of reach here: the clone is pointed, with git's url.<base>.insteadOf,
#      at a local git repository made from the module proxy's copy of the same
#      golangci-lint release;
#   3. run it on a copy of testdata/example with .golangci-plugin.yml and
#      check that: conclint's findings come out (every one the standalone
#      conclint reports); //nolint:conclint suppresses one; //conclint:ignore
#      does too; settings change what is reported (httptimeout.tests,
#      disable); a bad setting stops golangci-lint with an error naming it;
#      and a change to the plugin shows up when the rebuilt binary runs again
#      over the same golangci-lint cache.
#
# On the cache: golangci-lint caches results per package under a key salted
# with its version string. `custom` builds the version from the golangci-lint
# release and a hash of each plugin; for a `path:` plugin, v2.15.0 hashes only
# the files at the top of the plugin's directory (its walk skips every
# subdirectory), so a change to an analyzer leaves the version, and so the
# cached results, as they were. This script therefore builds from a copy of
# the checkout with a top-level file holding the hash of all of conclint's
# files (conclint-source.sum): the custom binary's version then carries
# conclint's, and the rebuilt binary misses the stale cache. (Without that
# file check 4 fails: the rebuilt binary has the same version, and its re-run
# prints the old messages from the cache; both were seen when this script was
# written. A `version:` plugin, taken from the module proxy, is hashed as
# module@version, which changes with each conclint release.)
#
# Needs: go, git, python3. Exits non-zero with one FAIL line on the first
# failed check.
set -euo pipefail

GCL_VERSION=${GCL_VERSION:-v2.15.0}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# `golangci-lint custom` builds in a new temporary directory each time;
# -trimpath keeps build-cache keys independent of it, so a rebuild recompiles
# only what changed instead of all of golangci-lint.
export GOWORK=off GOTOOLCHAIN=local GOFLAGS="-buildvcs=false -trimpath"

fail() {
	echo "FAIL [golangci] $*" >&2
	exit 1
}
step() { echo "== [golangci] $*"; }
set -E
trap 'fail "unexpected error (exit $?) at line $LINENO: $BASH_COMMAND"' ERR
ok() { echo "ok [golangci] $*"; }
started=$SECONDS

TMP=$(mktemp -d "${TMPDIR:-/tmp}/conclint-golangci.XXXXXX")
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
export GOLANGCI_LINT_CACHE=$TMP/gcl-cache # one cache for every run below

# --- 1. golangci-lint ----------------------------------------------------

step "installing golangci-lint $GCL_VERSION through the Go module proxy"
GOBIN=$TMP/bin go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GCL_VERSION" ||
	fail "go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GCL_VERSION failed"
GCL_BASE=$TMP/bin/golangci-lint
ok "installed: $("$GCL_BASE" --version 2>&1 | head -1)"

# --- 2. the custom binary --------------------------------------------------

step "making a local git repository of golangci-lint $GCL_VERSION from the module proxy's copy"
SRC=$(cd "$TMP" && go mod download -json "github.com/golangci/golangci-lint/v2@$GCL_VERSION" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
[ -n "$SRC" ] && [ -f "$SRC/go.mod" ] || fail "go mod download github.com/golangci/golangci-lint/v2@$GCL_VERSION gave no source directory"
REPO=$TMP/golangci-lint.git
cp -r "$SRC" "$REPO"
chmod -R u+w "$REPO"
git -C "$REPO" init -q
git -C "$REPO" add -A
git -C "$REPO" -c user.name=conclint-ci -c user.email=ci@conclint.invalid -c commit.gpgsign=false \
	commit -q -m "golangci-lint $GCL_VERSION from the Go module proxy"
git -C "$REPO" tag "$GCL_VERSION"
# `golangci-lint custom` runs `git clone ... https://github.com/golangci/golangci-lint.git`
# with the GIT_* variables filtered out, except GIT_CONFIG_COUNT/KEY/VALUE:
# git's way of passing configuration in the environment, which touches no
# file (a GIT_CONFIG_GLOBAL file would be dropped by that filter).
export GIT_CONFIG_COUNT=1
export GIT_CONFIG_KEY_0="url.file://$REPO.insteadOf"
export GIT_CONFIG_VALUE_0=https://github.com/golangci/golangci-lint.git
ok "clones of https://github.com/golangci/golangci-lint.git go to file://$REPO (tag $GCL_VERSION)"

# The copy of this checkout that the custom binary is built from.
PLUGIN=$TMP/conclint
mkdir -p "$PLUGIN"
cp -r "$ROOT/go.mod" "$ROOT/go.sum" "$ROOT/.custom-gcl.yml" "$ROOT/analyzers" "$PLUGIN/"
grep -q '^[[:space:]]*path: \.$' "$PLUGIN/.custom-gcl.yml" ||
	fail ".custom-gcl.yml does not build conclint from the checkout (path: .)"
grep -q "^version: $GCL_VERSION\$" "$PLUGIN/.custom-gcl.yml" ||
	fail ".custom-gcl.yml does not pin golangci-lint $GCL_VERSION"

# source_sum writes the hash of every file of the copy to its top level.
source_sum() {
	(cd "$PLUGIN" && find . -type f ! -name conclint-source.sum -print0 | LC_ALL=C sort -z |
		xargs -0 sha256sum | sha256sum | cut -d' ' -f1) >"$PLUGIN/conclint-source.sum"
}

# build_custom DIR: golangci-lint custom, in the plugin copy, into DIR.
build_custom() {
	source_sum
	(cd "$PLUGIN" && "$GCL_BASE" custom --destination "$1" -v) >"$TMP/custom.log" 2>&1 ||
		{ tail -40 "$TMP/custom.log" >&2; fail "golangci-lint custom failed (log above)"; }
	[ -x "$1/custom-gcl" ] || fail "golangci-lint custom wrote no $1/custom-gcl"
}

step "building the custom binary: golangci-lint custom with .custom-gcl.yml"
t0=$SECONDS
build_custom "$TMP/gcl1"
GCL=$TMP/gcl1/custom-gcl
V1=$("$GCL" --version 2>&1 | head -1)
case $V1 in *"$GCL_VERSION"*custom-gcl*) ;; *) fail "unexpected version of the custom binary: $V1" ;; esac
ok "built custom-gcl in $((SECONDS - t0))s: $V1"

# --- 3. runs on the example ------------------------------------------------

# A fresh copy of the example, configured with .golangci-plugin.yml.
example() {
	rm -rf "$TMP/ex"
	cp -r "$ROOT/testdata/example" "$TMP/ex"
	cp "$ROOT/.golangci-plugin.yml" "$TMP/ex/.golangci.yml"
}

# lint BINARY OUT: run golangci-lint on the example; OUT gets
# "path:line:col<TAB>analyzer<TAB>message", one conclint finding a line.
lint() {
	local code=0
	(cd "$TMP/ex" && "$1" run --output.text.path=stdout --output.text.print-issued-lines=false \
		--output.text.colors=false --show-stats=false --max-issues-per-linter=0 --max-same-issues=0 \
		--uniq-by-line=false ./...) >"$TMP/lint.raw" 2>"$TMP/lint.err" || code=$?
	# 0: no issues, 1: issues found; anything else is a failure.
	if [ "$code" != 0 ] && [ "$code" != 1 ]; then
		cat "$TMP/lint.raw" "$TMP/lint.err" >&2
		fail "golangci-lint run exited $code"
	fi
	python3 - "$TMP/lint.raw" >"$2" <<'PY'
import re, sys
for line in open(sys.argv[1]):
    m = re.match(r"^(\S+\.go):(\d+):(\d+): ([a-z0-9]+): (.*) \(conclint\)$", line.rstrip("\n"))
    if m:
        print("%s:%s:%s\t%s\t%s" % m.groups())
PY
}

step "reference: the standalone conclint's findings on the example"
example
(cd "$ROOT" && go build -o "$TMP/conclint-bin" ./cmd/conclint) || fail "building cmd/conclint failed"
(cd "$TMP/ex" && "$TMP/conclint-bin" -json ./...) >"$TMP/want.json" || fail "conclint -json ./... failed on the example"
python3 - "$TMP/want.json" "$TMP/ex" >"$TMP/want.tsv" <<'PY' || fail "reading conclint -json output"
import json, os, sys
tree = json.load(open(sys.argv[1]))
seen = set()
for pkg in sorted(tree):
    for name, diags in sorted(tree[pkg].items()):
        if isinstance(diags, dict):
            sys.exit("analyzer %s failed on %s: %s" % (name, pkg, diags.get("error")))
        for d in diags:
            path, line, col = d["posn"].rsplit(":", 2)
            rel = os.path.relpath(path, sys.argv[2])
            key = "%s:%s:%s\t%s\t%s" % (rel, line, col, name, d["message"])
            if key not in seen and not rel.endswith("_test.go"):
                seen.add(key)
                print(key)
PY
nwant=$(wc -l <"$TMP/want.tsv")
[ "$nwant" -gt 0 ] || fail "the standalone conclint finds nothing in the example: nothing to compare"
ok "standalone conclint: $nwant findings"

step "check 1: conclint's findings come out of golangci-lint"
lint "$GCL" "$TMP/run1.tsv"
missing=$(grep -vxF -f "$TMP/run1.tsv" "$TMP/want.tsv" || true)
[ -z "$missing" ] || fail "golangci-lint lacks conclint findings: $(echo "$missing" | tr '\t\n' ' ;')"
ok "golangci-lint reports all $nwant of conclint's findings ($(wc -l <"$TMP/run1.tsv") conclint issues in all)"

# The findings to suppress: the first one whose line has no comment yet.
pick() {
	python3 - "$TMP/ex" "$TMP/want.tsv" "${1:-}" <<'PY'
import os, sys
root, skip = sys.argv[1], sys.argv[3]
for row in open(sys.argv[2]):
    pos, name, msg = row.rstrip("\n").split("\t")
    path, line, _ = pos.split(":")
    if skip and path == skip.split(":")[0]:
        continue  # another file than the one already edited
    text = open(os.path.join(root, path)).read().split("\n")[int(line) - 1]
    if "//" not in text:
        print(row, end="")
        break
PY
}

step "check 2: //nolint:conclint and //conclint:ignore suppress findings in golangci-lint"
example
nolint_row=$(pick)
[ -n "$nolint_row" ] || fail "no finding on a line without a comment to put //nolint:conclint on"
IFS=$'\t' read -r nolint_pos _ _ <<<"$nolint_row"
ignore_row=$(pick "$nolint_pos")
IFS=$'\t' read -r ignore_pos ignore_name _ <<<"$ignore_row"
python3 - "$TMP/ex" "$nolint_pos" "$ignore_pos" "$ignore_name" <<'PY'
import os, sys
root, nolint, ignore, name = sys.argv[1:5]
def edit(pos, f):
    path, line, _ = pos.split(":")
    p = os.path.join(root, path)
    lines = open(p).read().split("\n")
    f(lines, int(line) - 1)
    open(p, "w").write("\n".join(lines))
edit(nolint, lambda l, i: l.__setitem__(i, l[i] + " //nolint:conclint // planted by .ci/golangci.sh"))
if ignore:
    def above(l, i):
        indent = l[i][: len(l[i]) - len(l[i].lstrip())]
        l.insert(i, indent + "//conclint:ignore %s planted by .ci/golangci.sh" % name)
    edit(ignore, above)
PY
lint "$GCL" "$TMP/run2.tsv"
# //nolint:conclint covers every conclint finding on its line.
nolint_line=$(echo "$nolint_pos" | cut -d: -f1,2)
grep -qF "$nolint_line:" <(cut -f1 "$TMP/run2.tsv" | sed 's/:[0-9]*$/:/') && fail "//nolint:conclint did not suppress $nolint_pos"
n_nolint=$(cut -f1 "$TMP/run1.tsv" | sed 's/:[0-9]*$//' | grep -cxF "$nolint_line" || true)
n_ignore=0
if [ -n "$ignore_row" ]; then
	ifile=${ignore_pos%%:*} irest=${ignore_pos#*:}
	iline=${irest%%:*}
	shifted="$ifile:$((iline + 1)):${irest#*:}"
	grep -qF "$shifted	$ignore_name	" "$TMP/run2.tsv" && fail "//conclint:ignore $ignore_name did not suppress $ignore_pos in golangci-lint"
	grep -q "conclint:ignore directive suppresses no" "$TMP/run2.tsv" && fail "golangci-lint reports the //conclint:ignore directive as stale"
	# The directive covers every $ignore_name finding on the line below it.
	ignore_line=$(echo "$ignore_pos" | cut -d: -f1,2)
	n_ignore=$(awk -F'\t' -v l="$ignore_line" -v a="$ignore_name" '{ sub(/:[0-9]+$/, "", $1) } $1 == l && $2 == a' "$TMP/run1.tsv" | wc -l)
fi
n1=$(wc -l <"$TMP/run1.tsv")
n2=$(wc -l <"$TMP/run2.tsv")
[ "$n2" = $((n1 - n_nolint - n_ignore)) ] || fail "after the suppressions golangci-lint reports $n2 conclint issues, want $((n1 - n_nolint - n_ignore))"
if [ -n "$ignore_row" ]; then
	ok "//nolint:conclint suppressed $nolint_pos; //conclint:ignore $ignore_name suppressed $ignore_pos; the other $n2 findings remain"
else
	ok "//nolint:conclint suppressed $nolint_pos; the other $n2 findings remain (no finding in a second file to test //conclint:ignore)"
fi

step "check 3: settings change what is reported"
# httptimeout.tests: a test file's finding is reported only when it is true.
example
cat >"$TMP/ex/client/zz_conclint_ci_test.go" <<'EOF'
package client

import (
	"net/http"
	"testing"
)

func TestConclintCI(t *testing.T) {
	resp, err := http.Get("http://127.0.0.1:1/")
	if err == nil {
		resp.Body.Close()
	}
}
EOF
lint "$GCL" "$TMP/run3a.tsv"
grep -q '^client/zz_conclint_ci_test.go:' "$TMP/run3a.tsv" && fail "with httptimeout.tests false (the default), golangci-lint reports a finding in a _test.go file"
python3 - "$TMP/ex/.golangci.yml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s2, n = re.subn(r"(\n\s+httptimeout:\n(?:\s+#.*\n)*\s+tests: )false", r"\1true", s)
if n != 1:
    sys.exit("cannot find httptimeout.tests in .golangci-plugin.yml")
open(p, "w").write(s2)
PY
lint "$GCL" "$TMP/run3b.tsv"
grep -q '^client/zz_conclint_ci_test.go:[0-9]*:[0-9]*	httptimeout	' "$TMP/run3b.tsv" ||
	fail "with httptimeout.tests: true, golangci-lint does not report http.Get in client/zz_conclint_ci_test.go"
ok "httptimeout.tests: false hides the finding in a _test.go file, true shows it"

# disable: httptimeout's findings go, the others stay.
example
python3 - "$TMP/ex/.golangci.yml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s2, n = re.subn(r"\n(\s+)disable: \[\]\n", r"\n\1disable: [httptimeout]\n", s)
if n != 1:
    sys.exit("cannot find disable: [] in .golangci-plugin.yml")
open(p, "w").write(s2)
PY
lint "$GCL" "$TMP/run3c.tsv"
grep -q '	httptimeout	' "$TMP/run3c.tsv" && fail "with disable: [httptimeout], golangci-lint still reports httptimeout findings"
others=$(cut -f2 "$TMP/run1.tsv" | grep -cvx httptimeout || true)
got=$(wc -l <"$TMP/run3c.tsv")
[ "$got" = "$others" ] || fail "with disable: [httptimeout], golangci-lint reports $got conclint issues, want the $others of the other analyzers"
ok "disable: [httptimeout] removes httptimeout's $(($(wc -l <"$TMP/run1.tsv") - others)) findings and keeps the $others of the other analyzers"

# A bad setting: golangci-lint stops, naming it.
example
python3 - "$TMP/ex/.golangci.yml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s2, n = re.subn(r"\n(\s+)disable: \[\]\n", r"\n\1disable: []\n\1nosuchanalyzer:\n\1  tests: true\n", s)
if n != 1:
    sys.exit("cannot find disable: [] in .golangci-plugin.yml")
open(p, "w").write(s2)
PY
code=0
(cd "$TMP/ex" && "$GCL" run ./...) >"$TMP/bad.out" 2>&1 || code=$?
[ "$code" != 0 ] && [ "$code" != 1 ] || fail "with an unknown analyzer in the settings golangci-lint exited $code, want a configuration error"
grep -q 'unknown analyzer "nosuchanalyzer"' "$TMP/bad.out" || fail "golangci-lint's error does not name the unknown analyzer: $(head -3 "$TMP/bad.out")"
ok "an unknown analyzer in the settings stops golangci-lint (exit $code): $(grep -o 'conclint settings: unknown analyzer "nosuchanalyzer"' "$TMP/bad.out" | head -1)"

step "check 4: a plugin change shows up in a re-run over the same cache"
# The change: every conclint message gets a marker, by a file added to the
# plugin package (the copy, never the checkout).
example
lint "$GCL" "$TMP/run4a.tsv" # fills the cache with the current plugin's results
grep -q 'CONCLINT-CI-MARKER' "$TMP/run4a.tsv" && fail "the marker shows before the plugin changed"
cat >"$PLUGIN/analyzers/golangciplugin/zz_ci_marker.go" <<'EOF'
package golangciplugin

import (
	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers"
)

// Planted by .ci/golangci.sh: marks every message, to tell a fresh run from
// a cached one.
func init() {
	for _, a := range analyzers.All {
		run := a.Run
		a.Run = func(pass *analysis.Pass) (any, error) {
			report := pass.Report
			pass.Report = func(d analysis.Diagnostic) {
				d.Message = "CONCLINT-CI-MARKER " + d.Message
				report(d)
			}
			return run(pass)
		}
	}
}
EOF
t0=$SECONDS
build_custom "$TMP/gcl2"
GCL2=$TMP/gcl2/custom-gcl
V2=$("$GCL2" --version 2>&1 | head -1)
[ "${V1%% built *}" != "${V2%% built *}" ] || fail "the rebuilt custom binary has the same version as before ($V1): golangci-lint would serve cached results"
lint "$GCL2" "$TMP/run4b.tsv"
nmarked=$(grep -c 'CONCLINT-CI-MARKER' "$TMP/run4b.tsv" || true)
[ "$nmarked" -gt 0 ] && [ "$nmarked" = "$(wc -l <"$TMP/run4b.tsv")" ] ||
	fail "after the plugin changed, $nmarked of $(wc -l <"$TMP/run4b.tsv") findings carry the change: golangci-lint served stale cached results"
ok "rebuilt in $((SECONDS - t0))s with a new version (${V2%% built *}); all $nmarked findings of the re-run carry the change"

echo "PASS [golangci] golangci-lint $GCL_VERSION + conclint module plugin: findings, //nolint, //conclint:ignore, settings, bad setting, cache ($((SECONDS - started))s)"
