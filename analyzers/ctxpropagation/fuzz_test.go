package ctxpropagation

import (
	"strings"
	"testing"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/passrun"
)

// fuzzSrc is the package FuzzExclude analyses with each value of -exclude:
// context-less calls that have context-taking variants (a function, a
// method, a generic function) where a caller's context is in scope, which
// the values name (example.com/fuzz.Fetch, example.com/fuzz.Logger,
// (*example.com/fuzz.Logger).Info, net/http, ...).
const fuzzSrc = `package fuzz

import (
	"context"
	"net/http"
)

type Logger struct{}

func (*Logger) Info(msg string)                                {}
func (*Logger) InfoContext(ctx context.Context, msg string)    { <-ctx.Done() }
func Fetch(key string) error                                   { return nil }
func FetchContext(ctx context.Context, key string) error       { <-ctx.Done(); return ctx.Err() }
func Get[T any](key string) (T, error)                         { var zero T; return zero, nil }
func GetContext[T any](ctx context.Context, key string) (T, error) { var zero T; <-ctx.Done(); return zero, ctx.Err() }

func work(ctx context.Context) { <-ctx.Done() }

func Handler(w http.ResponseWriter, r *http.Request) {
	var l Logger
	l.Info("m")
	_ = Fetch("k")
	_, _ = Get[int]("k")
	_, _ = http.Get("http://example.com")
	work(context.Background())
}

func Run(ctx context.Context, l *Logger) {
	l.Info("m")
	_ = Fetch("k")
}
`

// FuzzExclude: whatever the value of -exclude, the set of exclusions it
// gives holds the knowledge table's and every trimmed, non-empty element of
// the value, and nothing empty or untrimmed; the analyzer then runs without
// panic or error. Seeds: below and testdata/fuzz/FuzzExclude. Run with
// `go test ./analyzers/ctxpropagation -run='^$' -fuzz=FuzzExclude`.
func FuzzExclude(f *testing.F) {
	ff := passrun.FlagFuzz{
		Analyzer: Analyzer,
		Flag:     "exclude",
		Src:      fuzzSrc,
		Seeds: []string{
			"",
			"example.com/fuzz.Fetch",
			"lib.Logger, lib.Send",
			" example.com/fuzz.Logger , (*example.com/fuzz.Logger).Info ,,",
			"example.com/fuzz,net/http,example.com/fuzz.Get,example.com/fuzz.Get[int]",
			"context.Background,log/slog",
			",,,",
			"(*",
		},
		// With nothing excluded, the fixture's calls are reported.
		Exercise: "",
		Want:     []string{"Fetch ignores", "l.Info ignores"},
		Check: func(t *testing.T, value string) {
			m := exclusions(exclude)
			for k := range knowledge.CtxPropagationExclusions {
				if !m[k] {
					t.Errorf("-exclude=%q: knowledge entry %q lost", value, k)
				}
			}
			for _, e := range strings.Split(value, ",") {
				if e = strings.TrimSpace(e); e != "" && !m[e] {
					t.Errorf("-exclude=%q: element %q not excluded", value, e)
				}
			}
			for k := range m {
				if k == "" || k != strings.TrimSpace(k) || strings.Contains(k, ",") {
					t.Errorf("-exclude=%q: bad exclusion %q", value, k)
				}
			}
		},
	}
	ff.Fuzz(f)
}
