#!/usr/bin/env bash
# goker: run goroutineleak and lockblock on the GoKer kernels that ship with
# Go (GOROOT/src/runtime/testdata/testgoroutineleakprofile/goker) and count
# the kernels they find.
#
#   .ci/goker.sh                 # build ./cmd/conclint, run, print the tables
#   .ci/goker.sh -bin PATH       # this conclint binary instead
#   .ci/goker.sh -v              # also every finding outside the labelled functions, and the misses
#   .ci/goker.sh -only NAME,...  # these kernels only (file names: cockroach584,grpc660)
#   .ci/goker.sh -analyzer NAME  # run only this analyzer (goroutineleak or lockblock)
#
# The kernels are GoBench's GoKer programs (real blocking bugs of Kubernetes,
# etcd, gRPC, Docker, CockroachDB and others, reduced), adapted by the Go team
# for the runtime's goroutine-leak profile. Each kernel file becomes one
# package main of a throwaway module under $GOKER_DIR (with a copy of the
# directory's main.go), so that findings, and lockblock's per-package lock
# orders, stay within one kernel. conclint runs once, in process (-json
# -test=false), with only goroutineleak and lockblock (only goroutineleak when
# the binary has no lockblock).
#
# Expected leaks: src/runtime/goroutineleakprofile_test.go lists, per kernel,
# the goroutines the profile must report, as regular expressions over the
# function each leaked goroutine was started with (`Cockroach584\.func2`,
# `\(\*Store_cockroach2448\)\.processRaft`, `NewMux_kubernetes1321\.gowrap1`).
# The commented-out Kubernetes1321 entry counts too. Each label is resolved in
# the kernel's source the way the compiler names functions: funcN is the Nth
# function literal of a function, funcN.M the Mth literal inside it, gowrapN
# the Nth go or defer statement that the compiler wraps (its call is not a
# literal), which runs the function it calls.
#
# A kernel is found when a finding of goroutineleak or lockblock lies inside a
# labelled function or inside a function it calls directly (the function the
# labelled goroutine runs: a label that is a go func() { g.bootstrap() }()
# runs bootstrap; callees are matched by name among the kernel's own
# declarations, one level deep). A finding's related positions count too (a
# finding on the make of a channel whose related position is the labelled
# goroutine's blocked send).
#
# Classes come from GoBench's classification, as the kernels' README.md
# (same directory) records it in the Sub-type column of each kernel's table:
#   Channel                                  -> channel
#   Channel & Context                        -> chan+context
#   Channel & Lock                           -> chan+mutex
#   Channel & WaitGroup, Misuse WaitGroup    -> waitgroup
#   Condition Variable,
#   Channel & Condition Variable             -> cond
#   RWR deadlock                             -> rwmutex
#   Double locking, AB-BA deadlock/leak,
#   Missing unlock                           -> mutex
#
# Output: a FOUND line per found kernel (analyzer, position, the labelled
# function it is in), a table per class, the found kernels, and a last line
# that starts with SUMMARY. Exit status: 0 (an instrument, not a gate); 2 on
# bad usage; 1 when the kernels, conclint or the run fail.
#
# Environment: GOKER_DIR (default: goker in the temporary directory),
# GOTOOLCHAIN (default local).
set -u
set -o pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
bad() { echo "goker: $*" >&2; echo "run .ci/goker.sh -help for the flags" >&2; exit 2; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN= VERBOSE=0 ONLY= ANALYZERS="goroutineleak lockblock"
while [ $# -gt 0 ]; do
	case $1 in
	-bin | -only | -analyzer)
		[ $# -ge 2 ] && [ -n "$2" ] || bad "flag $1 needs a value"
		case $1 in
		-bin) BIN=$2 ;;
		-only) ONLY=$2 ;;
		-analyzer)
			case $2 in goroutineleak | lockblock) ANALYZERS=$2 ;; *) bad "-analyzer is goroutineleak or lockblock, not $2" ;; esac ;;
		esac
		shift 2
		;;
	-v) VERBOSE=1; shift ;;
	-h | -help | --help) usage; exit 0 ;;
	*) bad "unknown flag or argument $1" ;;
	esac
done
export GOTOOLCHAIN=${GOTOOLCHAIN:-local} GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0
command -v go >/dev/null || { echo "goker: go is needed" >&2; exit 1; }
GOROOT=$(go env GOROOT)
SRC=$GOROOT/src/runtime/testdata/testgoroutineleakprofile/goker
TEST=$GOROOT/src/runtime/goroutineleakprofile_test.go
[ -d "$SRC" ] && [ -f "$TEST" ] || { echo "goker: no kernels in $SRC (Go 1.26 or later is needed)" >&2; exit 1; }

DIR=${GOKER_DIR:-${TMPDIR:-/tmp}/goker}
mkdir -p "$DIR" || bad "cannot create $DIR"
DIR=$(realpath "$DIR")
if [ -n "$BIN" ]; then
	[ -f "$BIN" ] && [ -x "$BIN" ] || bad "-bin $BIN is not an executable file"
	BIN=$(realpath "$BIN")
else
	BIN=$DIR/bin/conclint
	(cd "$ROOT" && go build -o "$BIN" ./cmd/conclint) || { echo "goker: cannot build ./cmd/conclint" >&2; exit 1; }
fi

# The helper that sets up the module and reads the findings: Go, for go/ast.
HELP=$DIR/helper
mkdir -p "$HELP"
cat >"$HELP/go.mod" <<'EOF'
module gokerhelper

go 1.26
EOF
cat >"$HELP/main.go" <<'EOF'
// Command gokerhelper sets up the GoKer module and matches conclint's
// findings against the labelled leaks (see .ci/goker.sh).
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

type kernel struct {
	file   string // cockroach584
	name   string // the registered name: Cockroach584
	class  string
	labels []string
	spans  []span
}

// A span is a labelled function, or a function one calls, by lines.
type span struct {
	from, to int
	what     string // the function, as the label or "callee of label"
}

func main() {
	if len(os.Args) != 7 {
		fail("usage: gokerhelper SRC TEST MODDIR FINDINGS ONLY VERBOSE")
	}
	src, test, mod, findings, only, verbose := os.Args[1], os.Args[2], os.Args[3], os.Args[4], os.Args[5], os.Args[6] == "1"
	kernels := load(src, test, only)
	if findings == "-" {
		setup(src, mod, kernels)
		return
	}
	report(mod, findings, kernels, verbose)
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "goker: "+format+"\n", a...)
	os.Exit(1)
}

var classes = []string{"channel", "chan+context", "waitgroup", "mutex", "rwmutex", "chan+mutex", "cond"}

// classOf maps GoBench's Sub-type to the issue's classes.
func classOf(sub string) string {
	switch s := strings.ToLower(strings.TrimSpace(sub)); {
	case s == "channel":
		return "channel"
	case s == "channel & context":
		return "chan+context"
	case s == "channel & lock":
		return "chan+mutex"
	case strings.Contains(s, "waitgroup"):
		return "waitgroup"
	case strings.Contains(s, "condition variable"):
		return "cond"
	case strings.HasPrefix(s, "rwr"):
		return "rwmutex"
	case strings.Contains(s, "double lock"), strings.HasPrefix(s, "ab-ba"), s == "missing unlock":
		return "mutex"
	}
	return ""
}

func load(src, test, only string) []*kernel {
	readme, err := os.ReadFile(filepath.Join(src, "README.md"))
	if err != nil {
		fail("%v", err)
	}
	// |[cockroach#10214]|[pull request]|[patch]| Resource | AB-BA leak |
	row := regexp.MustCompile(`(?m)^\|\[([a-z]+)#(\d+)\]\|[^|]*\|[^|]*\|([^|]*)\|([^|]*)\|`)
	class := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(readme), -1) {
		c := classOf(m[4])
		if c == "" {
			fail("README.md: no class for sub-type %q of %s#%s", m[4], m[1], m[2])
		}
		class[m[1]+m[2]] = c
	}
	labels := testLabels(test)
	files, _ := filepath.Glob(filepath.Join(src, "*.go"))
	want := map[string]bool{}
	for _, o := range strings.Split(only, ",") {
		if o != "" {
			want[o] = true
		}
	}
	var out []*kernel
	reg := regexp.MustCompile(`register\("(\w+)"`)
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".go")
		if base == "main" || len(want) > 0 && !want[base] {
			continue
		}
		text, err := os.ReadFile(f)
		if err != nil {
			fail("%v", err)
		}
		m := reg.FindSubmatch(text)
		if m == nil {
			fail("%s: no register call", f)
		}
		k := &kernel{file: base, name: string(m[1]), class: class[base], labels: labels[string(m[1])]}
		if k.class == "" {
			fail("%s: not in README.md", base)
		}
		if len(k.labels) == 0 {
			fail("%s: no expected leaks for %s in %s", base, k.name, test)
		}
		k.spans = resolve(f, k.labels)
		out = append(out, k)
	}
	if len(out) == 0 {
		fail("no kernels")
	}
	return out
}

// testLabels reads the expected leaks of every GoKer test case: the string
// arguments of makeTest/makeFlakyTest calls, and the backquoted strings of
// a commented-out case.
func testLabels(test string) map[string][]string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, test, nil, parser.ParseComments)
	if err != nil {
		fail("%v", err)
	}
	out := map[string][]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) < 2 {
			return true
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok || id.Name != "makeTest" && id.Name != "makeFlakyTest" {
			return true
		}
		var strs []string
		for _, a := range call.Args {
			if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				strs = append(strs, s)
			}
		}
		if len(strs) >= 2 {
			out[strs[0]] = append(out[strs[0]], strs[1:]...)
		}
		return true
	})
	name := regexp.MustCompile(`makeTest\(testCase\{name: "(\w+)"\}`)
	quoted := regexp.MustCompile("`([^`]+)`")
	for _, cg := range f.Comments {
		text := cg.Text()
		m := name.FindStringSubmatch(text)
		if m == nil || out[m[1]] != nil {
			continue
		}
		for _, q := range quoted.FindAllStringSubmatch(text[strings.Index(text, m[0]):], -1) {
			out[m[1]] = append(out[m[1]], q[1])
		}
	}
	return out
}

// labelName turns `\(\*Store_x\)\.processRaft\(.* \[select\]` into
// (*Store_x).processRaft.
func labelName(re string) string {
	if i := strings.Index(re, ` \[`); i >= 0 {
		re = re[:i]
	}
	re = strings.TrimSuffix(re, ".*")
	re = strings.TrimSuffix(re, `\(`)
	r := strings.NewReplacer(`\(`, "(", `\)`, ")", `\.`, ".", `\*`, "*")
	return r.Replace(re)
}

type fileIndex struct {
	fset  *token.FileSet
	decls []*ast.FuncDecl
}

func resolve(path string, labels []string) []span {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		fail("%v", err)
	}
	ix := fileIndex{fset: fset}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			ix.decls = append(ix.decls, fd)
		}
	}
	var out []span
	for _, l := range labels {
		name := labelName(l)
		fn := ix.lookup(name)
		if fn == nil {
			fail("%s: cannot resolve label %s (%s)", filepath.Base(path), l, name)
		}
		out = append(out, ix.span(fn, name))
		for _, c := range ix.callees(fn) {
			out = append(out, ix.span(c, c.Name.Name+" (called by "+name+")"))
		}
	}
	return out
}

func (ix fileIndex) span(n ast.Node, what string) span {
	return span{ix.fset.Position(n.Pos()).Line, ix.fset.Position(n.End()).Line, what}
}

// lookup finds the function a label names: a declaration, then a path of
// literals (funcN, N) or a go/defer wrapper (gowrapN, deferwrapN).
func (ix fileIndex) lookup(name string) ast.Node {
	recv := ""
	if strings.HasPrefix(name, "(") {
		i := strings.Index(name, ")")
		if i < 0 {
			return nil
		}
		recv = strings.TrimPrefix(name[1:i], "*")
		name = strings.TrimPrefix(name[i+1:], ".")
	}
	parts := strings.Split(name, ".")
	var cur ast.Node
	for _, d := range ix.decls {
		if d.Name.Name == parts[0] && recvName(d) == recv {
			cur = d
		}
	}
	for _, p := range parts[1:] {
		if cur == nil {
			return nil
		}
		switch {
		case strings.HasPrefix(p, "func"):
			cur = nthLit(cur, p[len("func"):])
		case strings.HasPrefix(p, "gowrap"), strings.HasPrefix(p, "deferwrap"):
			cur = ix.wrapped(cur, strings.TrimLeft(p, "gowrapdefer"))
		default:
			cur = nthLit(cur, p)
		}
	}
	return cur
}

func recvName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return ""
	}
	t := d.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func bodyOf(n ast.Node) *ast.BlockStmt {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Body
	case *ast.FuncLit:
		return n.Body
	}
	return nil
}

// nthLit is the Nth function literal of fn, in source order, not counting
// the literals nested in other literals (the compiler numbers those under
// their own literal).
func nthLit(fn ast.Node, num string) ast.Node {
	n, err := strconv.Atoi(num)
	if err != nil || bodyOf(fn) == nil {
		return nil
	}
	var found ast.Node
	ast.Inspect(bodyOf(fn), func(m ast.Node) bool {
		if lit, ok := m.(*ast.FuncLit); ok {
			n--
			if n == 0 {
				found = lit
			}
			return false
		}
		return found == nil
	})
	return found
}

// wrapped is the function called by the Nth go or defer statement of fn
// whose call is not a function literal.
func (ix fileIndex) wrapped(fn ast.Node, num string) ast.Node {
	n, err := strconv.Atoi(num)
	if err != nil || bodyOf(fn) == nil {
		return nil
	}
	var call *ast.CallExpr
	ast.Inspect(bodyOf(fn), func(m ast.Node) bool {
		if call != nil {
			return false
		}
		var c *ast.CallExpr
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			c = m.Call
		case *ast.DeferStmt:
			c = m.Call
		}
		if c != nil {
			if _, lit := c.Fun.(*ast.FuncLit); !lit {
				n--
				if n == 0 {
					call = c
				}
			}
		}
		return true
	})
	if call == nil {
		return nil
	}
	if fs := ix.byName(call.Fun); len(fs) > 0 {
		return fs[0]
	}
	return nil
}

// byName finds the declarations a call's function names: f(), x.f().
func (ix fileIndex) byName(fun ast.Expr) []*ast.FuncDecl {
	name := ""
	method := false
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		name = f.Name
	case *ast.SelectorExpr:
		name, method = f.Sel.Name, true
	case *ast.IndexExpr:
		return ix.byName(f.X)
	}
	var out []*ast.FuncDecl
	for _, d := range ix.decls {
		if d.Name.Name == name && (d.Recv != nil) == method {
			out = append(out, d)
		}
	}
	return out
}

// callees are the kernel's functions fn calls directly (not inside a
// literal of its own, which is another goroutine or a deferred call).
func (ix fileIndex) callees(fn ast.Node) []*ast.FuncDecl {
	seen := map[*ast.FuncDecl]bool{}
	var out []*ast.FuncDecl
	ast.Inspect(bodyOf(fn), func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			for _, d := range ix.byName(m.Fun) {
				if d != fn && !seen[d] {
					seen[d] = true
					out = append(out, d)
				}
			}
		}
		return true
	})
	return out
}

func setup(src, mod string, kernels []*kernel) {
	if err := os.RemoveAll(filepath.Join(mod, "k")); err != nil {
		fail("%v", err)
	}
	must(os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module goker\n\ngo 1.26\n"), 0o644))
	mainGo, err := os.ReadFile(filepath.Join(src, "main.go"))
	must(err)
	for _, k := range kernels {
		d := filepath.Join(mod, "k", k.file)
		must(os.MkdirAll(d, 0o755))
		text, err := os.ReadFile(filepath.Join(src, k.file+".go"))
		must(err)
		must(os.WriteFile(filepath.Join(d, "main.go"), mainGo, 0o644))
		must(os.WriteFile(filepath.Join(d, k.file+".go"), text, 0o644))
	}
}

func must(err error) {
	if err != nil {
		fail("%v", err)
	}
}

type diag struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
	Related []struct {
		Posn string `json:"posn"`
	} `json:"related"`
}

func report(mod, findings string, kernels []*kernel, verbose bool) {
	raw, err := os.ReadFile(findings)
	must(err)
	if i := strings.IndexByte(string(raw), '{'); i > 0 {
		raw = raw[i:]
	}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &tree); err != nil {
		fail("conclint's output is not JSON: %v", err)
	}
	byFile := map[string]*kernel{}
	for _, k := range kernels {
		byFile[k.file] = k
	}
	type hit struct {
		analyzer, posn, what, msg string
	}
	found := map[*kernel][]hit{}
	var outside []hit
	perAnalyzer := map[string]int{}
	errors := 0
	for pkg, an := range tree {
		for name, rawDiags := range an {
			var ds []diag
			if json.Unmarshal(rawDiags, &ds) != nil {
				var e struct{ Error string }
				if json.Unmarshal(rawDiags, &e) == nil && e.Error != "" {
					fmt.Printf("ERROR %s %s: %s\n", pkg, name, e.Error)
					errors++
				}
				continue
			}
			for _, d := range ds {
				posns := []string{d.Posn}
				for _, r := range d.Related {
					posns = append(posns, r.Posn)
				}
				var k *kernel
				in, short := "", ""
				for i, p := range posns {
					file, line := splitPosn(p)
					kk := byFile[strings.TrimSuffix(filepath.Base(file), ".go")]
					if i == 0 {
						k, short = kk, filepath.Base(file)+":"+strconv.Itoa(line)
					}
					if kk == nil || kk != k {
						continue
					}
					for _, s := range k.spans {
						if s.from <= line && line <= s.to {
							in = s.what
							if i > 0 {
								in += " (a related position, line " + strconv.Itoa(line) + ")"
							}
							break
						}
					}
					if in != "" {
						break
					}
				}
				if k == nil || in == "" {
					outside = append(outside, hit{name, short, "", d.Message})
					continue
				}
				found[k] = append(found[k], hit{name, short, in, d.Message})
			}
		}
	}
	sort.Slice(kernels, func(i, j int) bool { return kernels[i].file < kernels[j].file })
	for _, k := range kernels {
		hs := found[k]
		if len(hs) == 0 {
			continue
		}
		sort.Slice(hs, func(i, j int) bool { return hs[i].posn < hs[j].posn })
		seen := map[string]bool{}
		for _, h := range hs {
			seen[h.analyzer] = true
			fmt.Printf("FOUND %-16s %-12s %-13s %-22s in %s\n", k.file, k.class, h.analyzer, h.posn, h.what)
			if verbose {
				fmt.Printf("      %s\n", h.msg)
			}
		}
		for a := range seen {
			perAnalyzer[a]++
		}
	}
	if verbose {
		sort.Slice(outside, func(i, j int) bool { return outside[i].posn < outside[j].posn })
		for _, h := range outside {
			fmt.Printf("OUTSIDE %-13s %-22s %s\n", h.analyzer, h.posn, h.msg)
		}
		for _, k := range kernels {
			if len(found[k]) == 0 {
				var where []string
				for _, s := range k.spans {
					where = append(where, fmt.Sprintf("%s %d-%d", s.what, s.from, s.to))
				}
				fmt.Printf("MISS  %-16s %-12s %s\n", k.file, k.class, strings.Join(where, "; "))
			}
		}
	}
	fmt.Println()
	fmt.Printf("%-13s %7s %5s  %s\n", "class", "kernels", "found", "found kernels")
	total, nfound := 0, 0
	for _, c := range classes {
		n, f := 0, 0
		var names []string
		for _, k := range kernels {
			if k.class != c {
				continue
			}
			n++
			if len(found[k]) > 0 {
				f++
				names = append(names, k.file)
			}
		}
		total += n
		nfound += f
		fmt.Printf("%-13s %7d %5d  %s\n", c, n, f, strings.Join(names, " "))
	}
	fmt.Printf("%-13s %7d %5d\n", "all", total, nfound)
	fmt.Println()
	var as []string
	for a, n := range perAnalyzer {
		as = append(as, fmt.Sprintf("%s %d", a, n))
	}
	sort.Strings(as)
	by := ""
	if len(as) > 0 {
		by = " (" + strings.Join(as, ", ") + ")"
	}
	fmt.Printf("SUMMARY goker: %d/%d kernels found%s; %d findings outside the labelled functions; %d analyzer errors\n", nfound, total, by, len(outside), errors)
}

func splitPosn(p string) (string, int) {
	// file:line:col
	parts := strings.Split(p, ":")
	if len(parts) < 3 {
		return p, 0
	}
	line, _ := strconv.Atoi(parts[len(parts)-2])
	return strings.Join(parts[:len(parts)-2], ":"), line
}
EOF
(cd "$HELP" && go build -o "$DIR/bin/gokerhelper" .) || { echo "goker: cannot build the helper" >&2; exit 1; }

MOD=$DIR/mod
mkdir -p "$MOD"
"$DIR/bin/gokerhelper" "$SRC" "$TEST" "$MOD" - "$ONLY" "$VERBOSE" || exit 1

# The analyzers this binary has, from its help ("Analyzers" section).
FLAGS=
for a in $ANALYZERS; do
	if "$BIN" help 2>&1 | awk '/^Analyzers/ { on = 1; next } on && /^    [a-z]/ { print $1; n++ } on && n && /^[^ ]/ { on = 0 }' | grep -qx "$a"; then
		FLAGS="$FLAGS -$a"
	else
		echo "goker: this conclint has no $a analyzer: not run"
	fi
done
[ -n "$FLAGS" ] || { echo "goker: this conclint has neither goroutineleak nor lockblock" >&2; exit 1; }

OUT=$DIR/findings.json
# shellcheck disable=SC2086 # FLAGS is a list of flags
(cd "$MOD" && "$BIN" -json -test=false $FLAGS ./...) >"$OUT" 2>"$DIR/conclint.err"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
	echo "goker: conclint failed (exit $rc):" >&2
	head -40 "$DIR/conclint.err" >&2
	exit 1
fi
"$DIR/bin/gokerhelper" "$SRC" "$TEST" "$MOD" "$OUT" "$ONLY" "$VERBOSE"
