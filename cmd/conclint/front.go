package main

// The standalone front end. "conclint [flags] PATTERNS" runs the suite
// through go vet (go vet -vettool=<this binary> -json ...): go vet analyses
// one package per process with its dependencies' export data and cached
// facts, so a standalone run costs what go vet costs, instead of holding
// every dependency's syntax and types in one process as the in-process
// checker does once an analyzer uses facts (docs/performance.md has the
// figures). The front checks the command line itself, so that bad input
// gets one line, and prints go vet's per-package JSON the way the in-process
// checker does: one JSON tree with -json, sorted "file:line:col: message"
// lines otherwise, exit status 3 when there are findings.
//
// -test=false leaves the test files out (notests.go: go vet cannot), still
// one package per process. -inprocess and the checker's debugging flags
// (-debug, -cpuprofile, -memprofile, -trace) select the in-process checker
// instead.

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Exit statuses of a standalone run (README.md, "Exit status").
const (
	exitClean    = 0
	exitFailed   = 1 // the analysis could not run: bad patterns, type errors, analyzer errors
	exitUsage    = 2 // bad command line
	exitFindings = 3
)

// inprocessFlags are the checker flags that only the in-process checker
// honours; any of them selects it.
var inprocessFlags = []string{"inprocess", "debug", "cpuprofile", "memprofile", "trace"}

// frontSet returns a flag set with the flags the in-process checker
// defines for analyzers (its checker and analysisflags packages), plus
// conclint's own -sarif and -inprocess, each value kept as text.
func frontSet(analyzers []*analysis.Analyzer) *flag.FlagSet {
	fs := flag.NewFlagSet("conclint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, a := range analyzers {
		fs.Var(&textValue{isBool: true}, a.Name, "")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(&textValue{isBool: isBoolFlag(f.Value)}, a.Name+"."+f.Name, "")
		})
	}
	for _, name := range []string{"json", "fix", "diff", "flags", "test", "sarif", "inprocess", "source", "v", "all"} {
		fs.Var(&textValue{isBool: true}, name, "")
	}
	fs.Var(&textValue{isInt: true}, "c", "")
	for _, name := range []string{"debug", "cpuprofile", "memprofile", "trace", "tags", "workdir"} {
		fs.Var(&textValue{}, name, "")
	}
	fs.Var(&textValue{isBool: true, free: true}, "V", "") // -V, or go vet's -V=full
	return fs
}

func isBoolFlag(v flag.Value) bool {
	b, ok := v.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// textValue is a flag value kept as the text given, checked only for its
// kind (bool, int or anything).
type textValue struct {
	isBool, isInt bool
	free          bool // any text, even for a bool-like flag
	text          string
}

func (v *textValue) String() string   { return v.text }
func (v *textValue) IsBoolFlag() bool { return v.isBool }
func (v *textValue) Set(s string) error {
	switch {
	case v.free:
	case v.isBool:
		if _, err := strconv.ParseBool(s); err != nil {
			return errors.New("not a boolean")
		}
	case v.isInt:
		if _, err := strconv.Atoi(s); err != nil {
			return errors.New("not an integer")
		}
	}
	v.text = s
	return nil
}

// standalone decides how to run the command line args. It returns
// handled=false when the in-process multichecker should take it as it is:
// go vet's protocol (-flags, -V, a .cfg file), "help", no patterns, -help,
// and the in-process flags. Otherwise it runs the suite through go vet and
// returns the exit status.
func standalone(args []string, analyzers []*analysis.Analyzer) (code int, handled bool) {
	if len(args) == 0 || args[0] == "help" || strings.HasSuffix(args[len(args)-1], ".cfg") {
		return 0, false
	}
	fs := frontSet(analyzers)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		fmt.Fprintf(os.Stderr, "conclint: %v (run 'conclint -help' for the flags)\n", err)
		return exitUsage, true
	}
	set := make(map[string]string)
	fs.Visit(func(f *flag.Flag) { set[f.Name] = f.Value.String() })
	if fs.NArg() == 0 || has(set, "flags") || set["V"] != "" {
		return 0, false
	}
	for _, name := range inprocessFlags {
		if v, ok := set[name]; ok && v != "false" {
			return 0, false
		}
	}
	for _, p := range fs.Args() {
		if strings.HasPrefix(p, "-") {
			fmt.Fprintf(os.Stderr, "conclint: flag %s after the package patterns: put flags first\n", p)
			return exitUsage, true
		}
	}
	if v, ok := set["test"]; ok && !isTrue(v) {
		if has(set, "fix") || has(set, "diff") {
			return 0, false // fixes without the tests: the in-process checker
		}
		return runNoTests(set, fs.Args(), analyzers), true
	}
	return runVet(set, fs.Args(), analyzers), true
}

func has(set map[string]string, name string) bool {
	v, ok := set[name]
	return ok && isTrue(v)
}

func isTrue(s string) bool {
	b, _ := strconv.ParseBool(s)
	return b
}

// runVet runs go vet with this binary as its vettool and prints what it
// reports.
func runVet(set map[string]string, patterns []string, analyzers []*analysis.Analyzer) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "conclint: cannot find conclint's own executable to hand to go vet: %v\n", err)
		return exitFailed
	}
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(os.Stderr, "conclint: %v\n", err)
		return exitFailed
	}
	fix := has(set, "fix") || has(set, "diff")
	// go vet replays a package's cached -json output, absolute paths and
	// all, when the package's compile action and the tool's flags are the
	// same; under -trimpath the action does not depend on the directory, so
	// a copy of the module elsewhere would get the first copy's paths.
	// -workdir puts the directory into the flags.
	vetArgs := []string{"vet", "-vettool=" + exe, "-workdir=" + cwd}
	if tags := set["tags"]; tags != "" {
		vetArgs = append(vetArgs, "-tags="+tags)
	}
	if fix {
		vetArgs = append(vetArgs, "-fix")
		if has(set, "diff") {
			vetArgs = append(vetArgs, "-diff") // print the fixes instead of applying them
		}
	} else {
		vetArgs = append(vetArgs, "-json")
	}
	// Analyzer selection and options, as given.
	for _, name := range analyzerFlagNames(set, analyzers) {
		vetArgs = append(vetArgs, "-"+name+"="+set[name])
	}
	vetArgs = append(vetArgs, "--")
	vetArgs = append(vetArgs, patterns...)

	cmd := exec.Command("go", vetArgs...)
	cmd.Stdin = os.Stdin
	var stdout bytes.Buffer
	stderr := &noMatchWriter{w: os.Stderr}
	if fix {
		cmd.Stdout = os.Stdout
	} else {
		cmd.Stdout = &stdout
	}
	cmd.Stderr = stderr
	err = cmd.Run()
	stderr.Flush()
	status := exitClean
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			fmt.Fprintf(os.Stderr, "conclint: running go vet: %v\n", err)
			return exitFailed
		}
		status = exitFailed // go vet said why on stderr
		if fix {
			return ee.ExitCode()
		}
	}
	if stderr.noMatch {
		status = exitFailed
	}
	if fix {
		return status
	}
	tree, err := mergeVetJSON(stdout.Bytes())
	if err != nil {
		fmt.Fprintf(os.Stderr, "conclint: reading go vet's output: %v\n", err)
		return exitFailed
	}
	return printTree(set, tree, status)
}

// printTree prints the merged findings: the JSON tree with -json, sorted
// text lines otherwise (exitFindings when there are some), and returns the
// exit status given the status so far.
func printTree(set map[string]string, tree vetTree, status int) int {
	failures := tree.failures()
	if len(failures) > 0 {
		status = exitFailed
	}
	if has(set, "json") {
		out, err := json.MarshalIndent(tree, "", "\t")
		if err != nil {
			fmt.Fprintf(os.Stderr, "conclint: %v\n", err)
			return exitFailed
		}
		os.Stdout.Write(append(out, '\n'))
		return status // failures are in the tree, as the in-process checker puts them
	}
	for _, f := range failures {
		fmt.Fprintf(os.Stderr, "conclint: %s\n", f)
	}
	context := -1
	if c, ok := set["c"]; ok {
		context, _ = strconv.Atoi(c)
	}
	n := printText(os.Stderr, tree, context)
	if n > 0 && status == exitClean {
		status = exitFindings
	}
	return status
}

// noMatchWriter passes go vet's stderr on, line by line, and notes a
// pattern that matched no packages, which go vet only warns about. Its
// "no packages to vet" after such a warning says nothing more and is
// dropped.
type noMatchWriter struct {
	w       io.Writer
	buf     []byte
	noMatch bool
}

func (w *noMatchWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := w.buf[:i+1]
		w.buf = w.buf[i+1:]
		warned := w.noMatch
		if bytes.Contains(line, []byte("matched no packages")) || string(line) == "no packages to vet\n" {
			w.noMatch = true
			if warned && string(line) == "no packages to vet\n" {
				continue
			}
		}
		if _, err := w.w.Write(line); err != nil {
			return len(p), err
		}
	}
}

// Flush writes what is left of an unterminated last line.
func (w *noMatchWriter) Flush() {
	if len(w.buf) > 0 {
		w.w.Write(w.buf)
		w.buf = nil
	}
}

// A vetDiag is one diagnostic of go vet's -json output; the fields that
// are not needed here are kept as they come.
type vetDiag struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
	raw     json.RawMessage
}

func (d vetDiag) MarshalJSON() ([]byte, error) { return d.raw, nil }

// A vetResult is one analyzer's result on one package: its diagnostics,
// or the error it failed with.
type vetResult struct {
	Diags []vetDiag
	Error string
}

// MarshalJSON writes the result as the checkers do: the diagnostics, or
// {"error": ...}.
func (r *vetResult) MarshalJSON() ([]byte, error) {
	if r.Error != "" {
		return json.Marshal(struct {
			Error string `json:"error"`
		}{r.Error})
	}
	if r.Diags == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(r.Diags)
}

// A vetTree holds results by package path, then analyzer name.
type vetTree map[string]map[string]*vetResult

// failures returns "PKG: ANALYZER: error" for every failed result, sorted.
func (t vetTree) failures() []string {
	var out []string
	for path, byAnalyzer := range t {
		for name, r := range byAnalyzer {
			if r.Error != "" {
				out = append(out, fmt.Sprintf("%s: %s: %s", path, name, r.Error))
			}
		}
	}
	slices.Sort(out)
	return out
}

// mergeVetJSON reads JSON trees of results, one per package as go vet
// prints them (or the one tree of the in-process checker), into one tree
// keyed by package path (a test variant "p [p.test]" merged into p), each
// analyzer's diagnostics deduplicated and sorted by position.
func mergeVetJSON(out []byte) (vetTree, error) {
	tree := make(vetTree)
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var pkgs map[string]map[string]json.RawMessage
		if err := dec.Decode(&pkgs); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		for id, byAnalyzer := range pkgs {
			path, _, _ := strings.Cut(id, " ")
			if tree[path] == nil {
				tree[path] = make(map[string]*vetResult)
			}
			for name, raw := range byAnalyzer {
				r := tree[path][name]
				if r == nil {
					r = new(vetResult)
					tree[path][name] = r
				}
				if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
					var failed struct{ Error string }
					if err := json.Unmarshal(raw, &failed); err != nil {
						return nil, err
					}
					r.Error = failed.Error
					continue
				}
				var diags []json.RawMessage
				if err := json.Unmarshal(raw, &diags); err != nil {
					return nil, err
				}
				for _, raw := range diags {
					d := vetDiag{raw: raw}
					if err := json.Unmarshal(raw, &d); err != nil {
						return nil, err
					}
					r.Diags = append(r.Diags, d)
				}
			}
		}
	}
	for _, byAnalyzer := range tree {
		for _, r := range byAnalyzer {
			slices.SortStableFunc(r.Diags, compareDiags)
			r.Diags = slices.CompactFunc(r.Diags, func(a, b vetDiag) bool {
				return a.Posn == b.Posn && a.Message == b.Message
			})
		}
	}
	return tree, nil
}

// compareDiags orders diagnostics by file, line, column, then message.
func compareDiags(a, b vetDiag) int {
	af, al, ac := splitPosn(a.Posn)
	bf, bl, bc := splitPosn(b.Posn)
	return cmp.Or(cmp.Compare(af, bf), cmp.Compare(al, bl), cmp.Compare(ac, bc), cmp.Compare(a.Message, b.Message))
}

// splitPosn splits "file:line:col" (parsePosn, sarif.go); a position it
// cannot parse sorts by its text.
func splitPosn(posn string) (file string, line, col int) {
	if f, l, c, ok := parsePosn(posn); ok {
		return f, l, c
	}
	return posn, 0, 0
}

// printText prints every diagnostic as "file:line:col: message", file
// relative to the working directory when it is below it, in position
// order, with context lines around it when context >= 0. It returns how
// many it printed.
func printText(w io.Writer, tree vetTree, context int) int {
	var all []vetDiag
	for _, byAnalyzer := range tree {
		for _, r := range byAnalyzer {
			all = append(all, r.Diags...)
		}
	}
	slices.SortFunc(all, compareDiags)
	cwd, _ := os.Getwd()
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	for _, d := range all {
		file, line, col := splitPosn(d.Posn)
		shown := file
		if rel, err := filepath.Rel(cwd, file); err == nil && cwd != "" && !strings.HasPrefix(rel, "..") {
			shown = rel
		}
		fmt.Fprintf(bw, "%s:%d:%d: %s\n", shown, line, col, d.Message)
		if context >= 0 {
			printContext(bw, file, line, context)
		}
	}
	return len(all)
}

// printContext prints lines line-n..line+n of file, as the in-process
// checker's -c flag does.
func printContext(w io.Writer, file string, line, n int) {
	data, err := os.ReadFile(file)
	if err != nil {
		return
	}
	lines := strings.Split(string(data), "\n")
	for i := max(line-n, 1); i <= min(line+n, len(lines)); i++ {
		fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
	}
}
