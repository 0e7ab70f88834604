package handlerblock

import (
	"reflect"
	"strings"
	"testing"

	"github.com/conclint/conclint/analyzers/internal/passrun"
)

// fuzzSrc is the package FuzzBlockingFuncs analyses with each value of
// -blocking-funcs: functions, methods, a generic function and a chain
// through a helper that the values name (as example.com/fuzz.Retry,
// (*example.com/fuzz.Queue).Wait, ...).
const fuzzSrc = `package fuzz

import (
	"net/http"
	"time"
)

type Queue struct{}

func (*Queue) Wait()     {}
func (Queue) Peek() bool { return false }

type List[T any] struct{ items []T }

func (l *List[T]) Pop() T { var zero T; return zero }

func Retry(f func() error) error { return f() }
func Do[T any](v T) T              { return v }
func Backoff()                     { time.Sleep(time.Millisecond) }
func helper()                      { _ = Retry(nil) }

func Handler(w http.ResponseWriter, r *http.Request) {
	_ = Retry(func() error { return nil })
	var q Queue
	q.Wait()
	_ = q.Peek()
	_ = Do(1)
	var l List[string]
	_ = l.Pop()
	helper()
	go Backoff()
}
`

// FuzzBlockingFuncs: whatever the value of -blocking-funcs, setting it
// gives a set of trimmed, non-empty names that its text form gives back,
// and the analyzer then runs without panic or error. Seeds: below and
// testdata/fuzz/FuzzBlockingFuncs. Run with
// `go test ./analyzers/handlerblock -run='^$' -fuzz=FuzzBlockingFuncs`.
func FuzzBlockingFuncs(f *testing.F) {
	ff := passrun.FlagFuzz{
		Analyzer: Analyzer,
		Flag:     "blocking-funcs",
		Src:      fuzzSrc,
		Seeds: []string{
			"",
			"example.com/fuzz.Retry",
			"example.com/retry.Do,(*example.com/queue.Queue).Wait",
			" example.com/fuzz.Retry , (*example.com/fuzz.Queue).Wait ,,",
			"example.com/fuzz.Do,(*example.com/fuzz.List).Pop,(*example.com/fuzz.List[T]).Pop,example.com/fuzz.Queue.Peek",
			"example.com/fuzz.helper,time.Sleep,net/http.Get",
			",,,",
			"(*",
		},
		Exercise: "example.com/fuzz.Retry,(*example.com/fuzz.Queue).Wait",
		Want:     []string{"fuzz.Retry", "Queue.Wait"},
		Check: func(t *testing.T, value string) {
			for name := range extraBlocking {
				if name == "" || name != strings.TrimSpace(name) || strings.Contains(name, ",") {
					t.Errorf("-blocking-funcs=%q: bad name %q in the set", value, name)
				}
			}
			var again funcSet
			if err := again.Set(extraBlocking.String()); err != nil {
				t.Fatalf("-blocking-funcs=%q: its text form %q is rejected: %v", value, extraBlocking.String(), err)
			}
			if len(again) != 0 || len(extraBlocking) != 0 {
				if !reflect.DeepEqual(again, extraBlocking) {
					t.Errorf("-blocking-funcs=%q: text form %q reads back as %v, want %v", value, extraBlocking.String(), again, extraBlocking)
				}
			}
		},
	}
	ff.Fuzz(f)
}
