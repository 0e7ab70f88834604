package flagx_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/conclint/conclint/analyzers/internal/flagx"
)

func TestList(t *testing.T) {
	for in, want := range map[string][]string{
		"":                   nil,
		" , ,":               nil,
		"a":                  {"a"},
		"a, b,,c ":           {"a", "b", "c"},
		"(*p.T).M,p.F":       {"(*p.T).M", "p.F"},
		"\tx\n,y":            {"x", "y"},
		"example.com/p.F, a": {"example.com/p.F", "a"},
	} {
		assert.Equal(t, want, flagx.List(in), "List(%q)", in)
	}
}

// FuzzList: every item is non-empty and trimmed, has no comma, and the
// items joined again give the same list.
func FuzzList(f *testing.F) {
	for _, s := range []string{"", "a,b", " a , ,b ", "(*p.T).M,p.F", ",,,", "é, ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		items := flagx.List(v)
		for _, item := range items {
			if item == "" || strings.TrimSpace(item) != item || strings.Contains(item, ",") {
				t.Fatalf("List(%q) has item %q", v, item)
			}
		}
		assert.Equal(t, items, flagx.List(strings.Join(items, ",")))
	})
}
