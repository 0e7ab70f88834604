package main

// "conclint help" and "conclint -V": what a new user sees first.

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// rawHelpEnv, when set, makes "conclint help" print the checker's own
// help text; overview runs itself that way to borrow its flag listing.
const rawHelpEnv = "CONCLINT_CHECKER_HELP"

const overviewText = `conclint finds the concurrency and resource mistakes that take Go services
down under load.

Analyzers (all run by default; -NAME runs only the named ones, -NAME=false
all but those):

%s
Run it:
    conclint ./...                              standalone (text; -json, -sarif, -fix)
    go vet -vettool=$(which conclint) ./...     under go vet
    golangci-lint custom                        as a module plugin (.golangci-plugin.yml)
    gopls                                       in editors (docs/editors.md)

Exit status: 0 no findings, 1 the analysis could not run, 2 bad command
line, 3 findings.

Suppress one finding with a reason:  //conclint:ignore ANALYZER reason
Docs: https://github.com/conclint/conclint/tree/main/docs

`

// overview prints conclint's help: what each analyzer finds, how to run
// it, and the checker's core flags.
func overview(w io.Writer, analyzers []*analysis.Analyzer) {
	var list strings.Builder
	for _, a := range analyzers {
		fmt.Fprintf(&list, "    %-17s %s\n", a.Name, title(a))
	}
	fmt.Fprintf(w, overviewText, list.String())
	if flags := coreFlags(); flags != "" {
		fmt.Fprint(w, flags)
	}
}

// title is the first line of an analyzer's documentation.
func title(a *analysis.Analyzer) string {
	t, _, _ := strings.Cut(a.Doc, "\n")
	return t
}

// coreFlags returns the checker's listing of its core flags ("Core flags:"
// to the end), obtained by running this binary's checker help.
func coreFlags() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	cmd := exec.Command(exe, "help")
	cmd.Env = append(os.Environ(), rawHelpEnv+"=1")
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	i := bytes.Index(out, []byte("Core flags:"))
	if i < 0 {
		return ""
	}
	return string(out[i:])
}

// versionArg reports whether args ask for the version: -V (a person) or
// -V=full (go vet, for its cache key), as the only argument.
func versionArg(args []string) (full, ok bool) {
	if len(args) != 1 {
		return false, false
	}
	switch strings.TrimPrefix(strings.TrimPrefix(args[0], "-"), "-") {
	case "V", "V=true":
		return false, true
	case "V=full":
		return true, true
	}
	return false, false
}

// printVersion prints the module version and VCS revision from the build
// information. With full it ends with "buildID=" and a hash of this
// executable, which changes whenever the binary does: go vet keys its
// cache of results on this line.
func printVersion(w io.Writer, full bool) error {
	line := "conclint version " + version()
	if full {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		f, err := os.Open(exe)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return err
		}
		line += fmt.Sprintf(" buildID=%x", h.Sum(nil))
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

// version describes this build: the module version when installed with
// "go install ...@vX" (or the pseudo-version Go stamps on a clean
// checkout), else "devel"; then the revision it was built from and the Go
// version.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel (no build information)"
	}
	v := bi.Main.Version
	var rev, when string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if v == "" || v == "(devel)" || strings.Contains(v, "+dirty") {
		v = "devel"
	}
	var parts []string
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		r := "revision " + rev
		if modified {
			r += " (modified)"
		}
		parts = append(parts, r)
	}
	if when != "" {
		parts = append(parts, when)
	}
	parts = append(parts, bi.GoVersion)
	return v + " " + strings.Join(parts, ", ")
}
