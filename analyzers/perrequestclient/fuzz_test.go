package perrequestclient

import (
	"strings"
	"testing"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/passrun"
)

// fuzzSrc is the package FuzzConstructors analyses with each value of
// -constructors: in-house pools built in a handler by a function, a method,
// a generic function and a composite literal, which the values name
// (example.com/fuzz.NewPool, (*example.com/fuzz.Pool).Clone,
// example.com/fuzz.Pool, ...), and a constructor reached through a helper.
const fuzzSrc = `package fuzz

import "net/http"

type Pool struct{ Size int }

type Cache[K comparable, V any] struct{ m map[K]V }

func NewPool(name string) *Pool                      { return &Pool{} }
func (p *Pool) Clone() *Pool                         { return &Pool{Size: p.Size} }
func NewCache[K comparable, V any]() *Cache[K, V]    { return &Cache[K, V]{m: map[K]V{}} }
func connect() *Pool                                 { return NewPool("backend") }

var shared = NewPool("shared")

func Handler(w http.ResponseWriter, r *http.Request) {
	p := NewPool("backend")
	_ = p.Clone()
	_ = &Pool{Size: 4}
	_ = NewCache[string, int]()
	_ = connect()
	_ = shared
}
`

// FuzzConstructors: whatever the value of -constructors, the table it
// gives holds the knowledge tables' entries and every trimmed, non-empty
// element of the value, with its import path; the analyzer then runs
// without panic or error. Seeds: below and testdata/fuzz/FuzzConstructors.
// Run with `go test ./analyzers/perrequestclient -run='^$' -fuzz=FuzzConstructors`.
func FuzzConstructors(f *testing.F) {
	ff := passrun.FlagFuzz{
		Analyzer: Analyzer,
		Flag:     "constructors",
		Src:      fuzzSrc,
		Seeds: []string{
			"",
			"example.com/fuzz.NewPool",
			"example.com/pool.New,(*example.com/pool.Factory).Open,example.com/pool.Pool",
			" example.com/fuzz.NewPool , (*example.com/fuzz.Pool).Clone , example.com/fuzz.Pool ,,",
			"example.com/fuzz.NewCache,example.com/fuzz.Cache,example.com/fuzz.NewCache[string,int]",
			"example.com/fuzz.connect,net/http.Client,(net/http.Client",
			",,,",
			"(*",
			")",
			"(*)",
		},
		Exercise: "example.com/fuzz.NewPool",
		Want:     []string{"fuzz.NewPool"},
		Check: func(t *testing.T, value string) {
			known := newConstructorTable()
			for k := range knowledge.PooledClientFuncs {
				if _, ok := known.funcs[k]; !ok {
					t.Errorf("-constructors=%q: knowledge function %q lost", value, k)
				}
			}
			for k := range knowledge.PooledClientTypes {
				if _, ok := known.types[k]; !ok {
					t.Errorf("-constructors=%q: knowledge type %q lost", value, k)
				}
			}
			for _, e := range strings.Split(value, ",") {
				if e = strings.TrimSpace(e); e == "" {
					continue
				}
				_, fn := known.funcs[e]
				_, typ := known.types[e]
				if !fn || !typ || !known.paths[pathOf(e)] {
					t.Errorf("-constructors=%q: element %q missing from the table (func %v, type %v, path %q %v)", value, e, fn, typ, pathOf(e), known.paths[pathOf(e)])
				}
			}
			for k := range known.funcs {
				if k == "" || k != strings.TrimSpace(k) || strings.Contains(k, ",") {
					t.Errorf("-constructors=%q: bad table entry %q", value, k)
				}
			}
		},
	}
	ff.Fuzz(f)
}
