// Package report is the one path by which conclint's analyzers report
// findings. It applies, in one place, what every analyzer must honour:
//
//   - findings in generated files (a "// Code generated ... DO NOT EDIT."
//     header) are dropped, as staticcheck does; analyzers still compute facts
//     for those files;
//   - findings in test code are dropped unless the analyzer's -tests flag
//     is set: _test.go files, files that import "testing" or a test
//     framework, example and test-support packages (testcode.go);
//   - suppression directives: "//conclint:ignore name[,name] reason" on the
//     flagged line or the line above it, and "//conclint:file-ignore
//     name[,name] reason" anywhere in a file. The reason is required. A
//     directive that names the analyzer but suppresses none of its findings is
//     itself reported, so stale directives get cleaned up.
//
// Usage, in an analyzer's run function:
//
//	r := report.New(pass, opts)
//	defer r.Finish()
//	r.Report(node, "message", fixes...)
package report

import (
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Options are the reporting options every analyzer exposes as flags.
type Options struct {
	// Tests reports findings in test code too (_test.go files, test
	// helpers, examples: testcode.go).
	Tests bool
}

// Register adds the options to an analyzer's flag set.
func (o *Options) Register(fs *flag.FlagSet) {
	fs.BoolVar(&o.Tests, "tests", false, "also report findings in test code: _test.go files, test helpers, examples")
}

const (
	ignorePrefix     = "//conclint:ignore"
	fileIgnorePrefix = "//conclint:file-ignore"
)

// A Directive is one parsed suppression comment.
type Directive struct {
	Pos       token.Pos
	File      bool     // file-ignore rather than ignore
	Analyzers []string // names the directive applies to
	Reason    string
	Err       string // why the directive is malformed, if it is
}

// ParseDirective parses the text of one comment. ok is false when the comment
// is not a conclint directive at all.
func ParseDirective(text string) (d Directive, ok bool) {
	var rest string
	switch {
	case strings.HasPrefix(text, fileIgnorePrefix):
		d.File = true
		rest = text[len(fileIgnorePrefix):]
	case strings.HasPrefix(text, ignorePrefix):
		rest = text[len(ignorePrefix):]
	default:
		return d, false
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return d, false // e.g. //conclint:ignored
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		d.Err = "names no analyzer"
		return d, true
	}
	for name := range strings.SplitSeq(fields[0], ",") {
		if name == "" {
			d.Err = fmt.Sprintf("has an empty analyzer name in %q", fields[0])
			return d, true
		}
		d.Analyzers = append(d.Analyzers, name)
	}
	d.Reason = strings.Join(fields[1:], " ")
	if d.Reason == "" {
		d.Err = "needs a reason after the analyzer names"
	}
	return d, true
}

func (d *Directive) names(analyzer string) bool {
	return slices.Contains(d.Analyzers, analyzer)
}

type directive struct {
	Directive
	line int
	used bool
}

type fileInfo struct {
	skip       bool // generated, or a test file when tests are not reported
	directives []*directive
}

// A Reporter reports one analyzer's findings for one package.
type Reporter struct {
	pass  *analysis.Pass
	name  string
	opts  Options
	files map[*token.File]*fileInfo
	order []*fileInfo // files in pass.Files order, for deterministic output
}

// New returns a Reporter for pass, whose analyzer's options are opts.
func New(pass *analysis.Pass, opts Options) *Reporter {
	r := &Reporter{pass: pass, name: pass.Analyzer.Name, opts: opts, files: make(map[*token.File]*fileInfo)}
	testPkg := isTestPackage(pass.Pkg.Path(), pass.Pkg.Name())
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		test := testPkg || strings.HasSuffix(tf.Name(), "_test.go") || importsTestCode(f)
		info := &fileInfo{
			skip: ast.IsGenerated(f) || (!opts.Tests && test),
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				d, ok := ParseDirective(c.Text)
				if !ok || !d.names(r.name) {
					continue
				}
				d.Pos = c.Slash
				info.directives = append(info.directives, &directive{Directive: d, line: tf.Line(c.Slash)})
			}
		}
		r.files[tf] = info
		r.order = append(r.order, info)
	}
	return r
}

// Skip reports whether findings at pos are not reported whatever they are
// (generated file, or test code without -tests). Analyzers use it to avoid
// work; Report applies it anyway.
func (r *Reporter) Skip(pos token.Pos) bool {
	info := r.files[r.pass.Fset.File(pos)]
	return info != nil && info.skip
}

// Report reports a finding on rng unless it is skipped or suppressed.
func (r *Reporter) Report(rng analysis.Range, msg string, fixes ...analysis.SuggestedFix) {
	r.ReportRelated(rng, msg, nil, fixes...)
}

// ReportRelated is Report with related positions: the other places the
// finding is about (the goroutine's send, the loop it blocks), which
// editors show beside it and JSON output lists.
func (r *Reporter) ReportRelated(rng analysis.Range, msg string, related []analysis.RelatedInformation, fixes ...analysis.SuggestedFix) {
	pos := rng.Pos()
	tf := r.pass.Fset.File(pos)
	info := r.files[tf]
	if info != nil {
		if info.skip {
			return
		}
		line := tf.Line(pos)
		for _, d := range info.directives {
			if d.Err != "" {
				continue
			}
			if d.File || d.line == line || d.line == line-1 {
				d.used = true
				return
			}
		}
	}
	r.pass.Report(analysis.Diagnostic{
		Pos:            pos,
		End:            rng.End(),
		Message:        msg,
		SuggestedFixes: fixes,
		Related:        related,
	})
}

// Reportf is Report with a formatted message and no fixes.
func (r *Reporter) Reportf(rng analysis.Range, format string, args ...any) {
	r.Report(rng, fmt.Sprintf(format, args...))
}

// Finish reports the analyzer's malformed directives and those that
// suppressed nothing. Call it once, after the last Report.
func (r *Reporter) Finish() {
	for _, info := range r.order {
		if info.skip {
			continue
		}
		for _, d := range info.directives {
			kind := "conclint:ignore"
			if d.File {
				kind = "conclint:file-ignore"
			}
			switch {
			case d.Err != "":
				r.pass.Report(analysis.Diagnostic{Pos: d.Pos, Message: fmt.Sprintf("malformed %s directive: it %s (//%s %s <reason>)", kind, d.Err, kind, r.name)})
			case !d.used:
				r.pass.Report(analysis.Diagnostic{Pos: d.Pos, Message: fmt.Sprintf("%s directive suppresses no %s finding: remove %s from it", kind, r.name, r.name)})
			}
		}
	}
}
