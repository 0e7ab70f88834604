package main

// SARIF output. With -sarif, conclint runs itself again with -json in place
// of -sarif, so that package loading, analyzer selection and flags behave
// exactly as in any other run, and converts the JSON tree it prints into a
// SARIF 2.1.0 log (the format of GitHub code scanning and other dashboards)
// using staticcheck's SARIF types.

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"honnef.co/go/tools/sarif"

	"github.com/conclint/conclint/analyzers"
)

const informationURI = "https://github.com/conclint/conclint"

// sarifArgs reports whether the command line asks for SARIF output, and
// returns it without the -sarif (and any -json) flag. Like the flag package,
// it accepts -sarif, --sarif and -sarif=BOOL; it looks at every argument
// before "--", since no package pattern starts with "-". "conclint help"
// is left alone.
func sarifArgs(args []string) ([]string, bool) {
	on := false
	var rest []string
	for i, arg := range args {
		if arg == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-"), "=")
		if !strings.HasPrefix(arg, "-") || (name != "sarif" && name != "json") {
			rest = append(rest, arg)
			continue
		}
		if name == "json" {
			continue // -sarif runs with -json; -json alone keeps it
		}
		if !hasValue {
			on = true
			continue
		}
		b, err := strconv.ParseBool(value)
		if err != nil {
			return args, false // the flag package reports the bad value
		}
		on = b
	}
	if !on {
		return args, false
	}
	for _, arg := range rest {
		if arg == "help" {
			return args, false
		}
		if !strings.HasPrefix(arg, "-") {
			break
		}
	}
	return rest, true
}

// runSARIF runs conclint -json with args, prints the SARIF log on stdout and
// returns the exit status: 0 when the analysis ran (findings or not), else
// that of the failed run, or 1.
func runSARIF(args []string) int {
	for _, arg := range args {
		if strings.HasSuffix(arg, ".cfg") && !strings.HasPrefix(arg, "-") {
			fmt.Fprintln(os.Stderr, "conclint: -sarif is for standalone runs (conclint -sarif ./...), not for go vet")
			return 1
		}
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "conclint: -sarif: cannot find conclint's own executable to run it: %v\n", err)
		return 1
	}
	cmd := exec.Command(exe, append([]string{"-json"}, args...)...)
	cmd.Stdin = os.Stdin
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() > 0 {
			return ee.ExitCode() // it said why on stderr
		}
		fmt.Fprintf(os.Stderr, "conclint: -sarif: running %s -json: %v\n", exe, err)
		return 1
	}
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(os.Stderr, "conclint: -sarif: %v\n", err)
		return 1
	}
	log, failures, err := toSARIF(out, analyzers.All, cwd, os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "conclint: -sarif: reading the -json output: %v\n", err)
		return 1
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		fmt.Fprintf(os.Stderr, "conclint: -sarif: %v\n", err)
		return 1
	}
	for _, f := range failures {
		fmt.Fprintf(os.Stderr, "conclint: %s\n", f)
	}
	if len(failures) > 0 {
		return 1
	}
	return 0
}

// The -json output of the analysis drivers (x/tools's
// internal/analysis/driverutil): package ID -> analyzer name -> either
// {"error": "..."} or a list of diagnostics.
type jsonDiagnostic struct {
	Category       string `json:"category,omitempty"`
	Posn           string `json:"posn"`
	End            string `json:"end"`
	Message        string `json:"message"`
	SuggestedFixes []struct {
		Message string `json:"message"`
		Edits   []struct {
			Filename string `json:"filename"`
			Start    int    `json:"start"`
			End      int    `json:"end"`
			New      string `json:"new"`
		} `json:"edits"`
	} `json:"suggested_fixes,omitempty"`
	Related []struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	} `json:"related,omitempty"`
}

// toSARIF converts -json output into a SARIF log. Paths under cwd become
// URIs relative to %SRCROOT% (code scanning resolves them against the
// repository root, so run conclint from there); others become file URIs.
// failures lists the analyzers that failed on a package; the log then says
// the run was not successful.
func toSARIF(data []byte, suite []*analysis.Analyzer, cwd string, args []string) (log sarifLog, failures []string, err error) {
	tree, err := mergeVetJSON(data)
	if err != nil {
		return log, nil, err
	}

	c := &converter{cwd: cwd, files: make(map[string][]byte)}
	results := []sarif.Result{} // an empty run has "results": [], not null
	for _, pkg := range sortedKeys(tree) {
		for _, name := range sortedKeys(tree[pkg]) {
			r := tree[pkg][name]
			if r.Error != "" {
				failures = append(failures, fmt.Sprintf("%s failed on %s: %s", name, pkg, r.Error))
			}
			for _, vd := range r.Diags {
				var d jsonDiagnostic
				if err := json.Unmarshal(vd.raw, &d); err != nil {
					return log, nil, fmt.Errorf("%s %s: %v", pkg, name, err)
				}
				results = append(results, c.result(name, d))
			}
		}
	}
	slices.SortStableFunc(results, func(a, b sarif.Result) int {
		la, lb := firstRegion(a), firstRegion(b)
		return cmp.Or(
			strings.Compare(firstURI(a), firstURI(b)),
			cmp.Compare(la.StartLine, lb.StartLine),
			cmp.Compare(la.StartColumn, lb.StartColumn),
			strings.Compare(a.RuleID, b.RuleID),
			strings.Compare(a.Message.Text, b.Message.Text),
		)
	})

	driver := sarif.ToolComponent{Name: "conclint", InformationURI: informationURI}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		driver.Version = bi.Main.Version
	}
	ruled := make(map[string]bool)
	for _, a := range suite {
		driver.Rules = append(driver.Rules, rule(a))
		ruled[a.Name] = true
	}
	for _, r := range results {
		if !ruled[r.RuleID] {
			ruled[r.RuleID] = true
			driver.Rules = append(driver.Rules, sarif.ReportingDescriptor{
				ID:                   r.RuleID,
				ShortDescription:     sarif.Message{Text: r.RuleID},
				Help:                 sarif.Message{Text: r.RuleID},
				DefaultConfiguration: sarif.ReportingConfiguration{Enabled: true, Level: sarif.Warning},
			})
		}
	}
	log = sarifLog{
		Version: sarif.Version,
		Schema:  sarif.Schema,
		Runs: []sarifRun{{
			Tool:    sarif.Tool{Driver: driver},
			Results: results,
			Invocations: []sarif.Invocation{{
				Arguments:           args,
				WorkingDirectory:    sarif.ArtifactLocation{URI: fileURI(cwd)},
				ExecutionSuccessful: len(failures) == 0,
			}},
		}},
	}
	return log, failures, nil
}

// sarifLog and sarifRun are sarif.Log and sarif.Run, but for "results",
// which is written even when empty: in SARIF, an empty list says the tool
// looked and found nothing, an absent one that it did not look.
type sarifLog struct {
	Version string     `json:"version"`
	Schema  string     `json:"$schema"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarif.Tool         `json:"tool"`
	Results     []sarif.Result     `json:"results"`
	Invocations []sarif.Invocation `json:"invocations,omitempty"`
}

// rule describes an analyzer: its title line, its whole doc, its page.
func rule(a *analysis.Analyzer) sarif.ReportingDescriptor {
	title, _, _ := strings.Cut(a.Doc, "\n\n")
	title = strings.TrimPrefix(strings.TrimSpace(title), a.Name+": ")
	return sarif.ReportingDescriptor{
		ID:                   a.Name,
		ShortDescription:     sarif.Message{Text: cmp.Or(title, a.Name)},
		Help:                 sarif.Message{Text: cmp.Or(strings.TrimSpace(a.Doc), a.Name)},
		HelpURI:              a.URL,
		DefaultConfiguration: sarif.ReportingConfiguration{Enabled: true, Level: sarif.Warning},
	}
}

type converter struct {
	cwd   string
	files map[string][]byte // contents, for turning fix offsets into lines and columns
}

func (c *converter) result(analyzer string, d jsonDiagnostic) sarif.Result {
	r := sarif.Result{
		RuleID:       analyzer,
		Kind:         sarif.Fail,
		Level:        sarif.Warning,
		Message:      sarif.Message{Text: d.Message},
		Suppressions: []sarif.Suppression{}, // known not to be suppressed: conclint drops suppressed findings
	}
	if loc, ok := c.location(d.Posn, d.End); ok {
		r.Locations = []sarif.Location{loc}
	}
	for i, rel := range d.Related {
		if loc, ok := c.location(rel.Posn, rel.End); ok {
			loc.ID = i + 1
			loc.Message = &sarif.Message{Text: rel.Message}
			r.RelatedLocations = append(r.RelatedLocations, loc)
		}
	}
	for _, fix := range d.SuggestedFixes {
		f := sarif.Fix{Description: sarif.Message{Text: fix.Message}}
		byFile := make(map[string]int) // file -> index in ArtifactChanges
		ok := len(fix.Edits) > 0
		for _, e := range fix.Edits {
			start, ok1 := c.offsetPosition(e.Filename, e.Start)
			end, ok2 := c.offsetPosition(e.Filename, e.End)
			if !ok1 || !ok2 {
				ok = false
				break
			}
			i, seen := byFile[e.Filename]
			if !seen {
				i = len(f.ArtifactChanges)
				byFile[e.Filename] = i
				f.ArtifactChanges = append(f.ArtifactChanges, sarif.ArtifactChange{ArtifactLocation: c.artifact(e.Filename)})
			}
			f.ArtifactChanges[i].Replacements = append(f.ArtifactChanges[i].Replacements, sarif.Replacement{
				DeletedRegion:   sarif.Region{StartLine: start.line, StartColumn: start.col, EndLine: end.line, EndColumn: end.col},
				InsertedContent: sarif.ArtifactContent{Text: e.New},
			})
		}
		if ok {
			r.Fixes = append(r.Fixes, f)
		}
	}
	return r
}

// location turns "file:line:col" positions into a SARIF location.
func (c *converter) location(posn, end string) (sarif.Location, bool) {
	file, line, col, ok := parsePosn(posn)
	if !ok {
		return sarif.Location{}, false
	}
	region := sarif.Region{StartLine: line, StartColumn: max(col, 1)}
	if efile, eline, ecol, ok := parsePosn(end); ok && efile == file && (eline > line || eline == line && ecol >= col) {
		region.EndLine, region.EndColumn = eline, max(ecol, 1)
	}
	return sarif.Location{PhysicalLocation: sarif.PhysicalLocation{ArtifactLocation: c.artifact(file), Region: region}}, true
}

// parsePosn parses token.Position's text, "file:line:col" or "file:line".
func parsePosn(s string) (file string, line, col int, ok bool) {
	rest, last, found := cutLast(s, ":")
	if !found {
		return "", 0, 0, false
	}
	n, err := strconv.Atoi(last)
	if err != nil || n < 1 {
		return "", 0, 0, false
	}
	if f, l, found := cutLast(rest, ":"); found {
		if m, err := strconv.Atoi(l); err == nil && m >= 1 {
			return f, m, n, f != ""
		}
	}
	return rest, n, 0, rest != ""
}

func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

type position struct{ line, col int }

// offsetPosition turns a byte offset in file into a 1-based line and byte
// column, as go/token counts them.
func (c *converter) offsetPosition(file string, offset int) (position, bool) {
	content, ok := c.files[file]
	if !ok {
		var err error
		content, err = os.ReadFile(file)
		if err != nil {
			content = nil
		}
		c.files[file] = content
	}
	if content == nil || offset < 0 || offset > len(content) {
		return position{}, false
	}
	before := content[:offset]
	line := 1 + bytes.Count(before, []byte("\n"))
	col := offset - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return position{line, col}, true
}

func (c *converter) artifact(file string) sarif.ArtifactLocation {
	if rel, err := filepath.Rel(c.cwd, file); err == nil && filepath.IsAbs(file) && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return sarif.ArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath(), URIBaseID: "%SRCROOT%"}
	}
	if filepath.IsAbs(file) {
		return sarif.ArtifactLocation{URI: fileURI(file)}
	}
	return sarif.ArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(file)}).EscapedPath(), URIBaseID: "%SRCROOT%"}
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

func firstURI(r sarif.Result) string {
	if len(r.Locations) == 0 {
		return ""
	}
	return r.Locations[0].PhysicalLocation.ArtifactLocation.URI
}

func firstRegion(r sarif.Result) sarif.Region {
	if len(r.Locations) == 0 {
		return sarif.Region{}
	}
	return r.Locations[0].PhysicalLocation.Region
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
