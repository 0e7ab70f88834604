package summary

import (
	"go/token"
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"
)

func fn(name string, pos int) *types.Func {
	pkg := types.NewPackage("example.com/p", "p")
	return types.NewFunc(token.Pos(pos), pkg, name, types.NewSignatureType(nil, nil, nil, nil, nil, false))
}

func TestSolve(t *testing.T) {
	leaf, mid, top, rec1, rec2, clean := fn("leaf", 1), fn("mid", 2), fn("top", 3), fn("rec1", 4), fn("rec2", 5), fn("clean", 6)
	ext, extClean := fn("Ext", 100), fn("ExtClean", 101)
	funcs := []*Func{
		{Obj: leaf, Direct: &Reason{Chain: []string{"time.Sleep"}, Where: "a.go:3"}},
		{Obj: mid, Calls: []Call{{Callee: leaf}}},
		{Obj: top, Calls: []Call{{Callee: clean}, {Callee: mid}, {Callee: leaf}}},
		// Mutual recursion: rec1 <-> rec2, and rec2 calls an imported blocker.
		{Obj: rec1, Calls: []Call{{Callee: rec2}}},
		{Obj: rec2, Calls: []Call{{Callee: rec1}, {Callee: extClean}, {Callee: ext}}},
		{Obj: clean, Calls: []Call{{Callee: clean}, {Callee: extClean}}},
	}
	imported := func(f *types.Func) (Reason, bool) {
		if f == ext {
			return Reason{Chain: []string{"q.Ext", "q.backoff", "time.Sleep"}, Where: "q.go:9"}, true
		}
		return Reason{}, false
	}
	name := func(f *types.Func) string { return "p." + f.Name() }
	got := Solve(funcs, imported, name)

	assert.Equal(t, []string{"p.leaf", "time.Sleep"}, got[leaf].Chain)
	assert.Equal(t, []string{"p.mid", "p.leaf", "time.Sleep"}, got[mid].Chain)
	// top calls both mid and leaf: the shorter chain wins.
	assert.Equal(t, []string{"p.top", "p.leaf", "time.Sleep"}, got[top].Chain)
	assert.Equal(t, "a.go:3", got[top].Where)
	assert.Equal(t, []string{"p.rec2", "q.Ext", "q.backoff", "time.Sleep"}, got[rec2].Chain)
	assert.Equal(t, []string{"p.rec1", "p.rec2", "q.Ext", "q.backoff", "time.Sleep"}, got[rec1].Chain)
	assert.Equal(t, "q.go:9", got[rec1].Where)
	_, ok := got[clean]
	assert.False(t, ok, "clean has no reason")
	assert.Equal(t, []*types.Func{leaf, mid, top, rec1, rec2}, Sorted(got))
}

func TestSolveDeepChainTerminates(t *testing.T) {
	const n = 5000
	funcs := make([]*Func, n)
	objs := make([]*types.Func, n)
	for i := range objs {
		objs[i] = fn("f", i+1)
	}
	for i := range funcs {
		funcs[i] = &Func{Obj: objs[i], Calls: []Call{{Callee: objs[(i+1)%n]}}} // one big cycle
	}
	funcs[n-1].Direct = &Reason{Chain: []string{"time.Sleep"}}
	got := Solve(funcs, func(*types.Func) (Reason, bool) { return Reason{}, false }, func(f *types.Func) string { return f.Name() })
	assert.Len(t, got, n)
	assert.Equal(t, []string{"f", "f", "f", "f", "f", "f", "...", "time.Sleep"}, got[objs[0]].Chain)
}

// TestSolvePaths checks that a property crosses a call only on the caller's
// ordinary path, with the callee's parameters decided by arguments the
// caller controls.
func TestSolvePaths(t *testing.T) {
	leaf, plain, viaConst, viaField, viaParam, top, rareCall, upgrade, viaExt := fn("leaf", 1), fn("plain", 2), fn("viaConst", 3),
		fn("viaField", 4), fn("viaParam", 5), fn("top", 6), fn("rareCall", 7), fn("upgrade", 8), fn("viaExt", 9)
	ext := fn("Ext", 100)
	always, rare, p0, p1 := Cond{}, Cond{Rare: true}, Cond{Params: []int{0}}, Cond{Params: []int{1}}
	path := func(ps ...Path) func(int) Path { return func(i int) Path { return ps[i] } }
	funcs := []*Func{
		{Obj: leaf, Direct: &Reason{Chain: []string{"time.Sleep"}, Where: "a.go:1", Params: []int{0}, At: 11}},
		{Obj: plain, Direct: &Reason{Chain: []string{"time.Sleep"}, Where: "a.go:2", At: 12}},
		{Obj: viaConst, Calls: []Call{{Callee: leaf, Pos: 13}}, Path: path(Path{Args: []Cond{always}})},
		{Obj: viaField, Calls: []Call{{Callee: leaf}}, Path: path(Path{Args: []Cond{rare}})},
		{Obj: viaParam, Calls: []Call{{Callee: leaf}}, Path: path(Path{Args: []Cond{p1}})},
		{Obj: top, Calls: []Call{{Callee: viaParam}}, Path: path(Path{Args: []Cond{always, rare}})},
		{Obj: rareCall, Calls: []Call{{Callee: plain}}, Path: path(Path{When: rare})},
		{Obj: upgrade, Calls: []Call{{Callee: viaParam}, {Callee: plain}}, Path: path(Path{Args: []Cond{always, p0}}, Path{})},
		{Obj: viaExt, Calls: []Call{{Callee: ext}}, Path: path(Path{Args: []Cond{always}})},
	}
	imported := func(f *types.Func) (Reason, bool) {
		if f == ext {
			return Reason{Chain: []string{"q.Ext", "time.Sleep"}, Where: "q.go:9", Params: []int{0}}, true
		}
		return Reason{}, false
	}
	got := Solve(funcs, imported, func(f *types.Func) string { return f.Name() })

	assert.Equal(t, []int{0}, got[leaf].Params)
	assert.Empty(t, got[viaConst].Params)
	assert.Equal(t, leaf, got[viaConst].Next)
	assert.Equal(t, token.Pos(13), got[viaConst].At)
	assert.NotContains(t, got, viaField)
	assert.Equal(t, []int{1}, got[viaParam].Params)
	assert.NotContains(t, got, top, "top passes a value it does not control for viaParam's parameter 1")
	assert.NotContains(t, got, rareCall)
	assert.Empty(t, got[upgrade].Params, "the unconditional reason through plain replaces the one through viaParam")
	assert.Equal(t, []string{"upgrade", "plain", "time.Sleep"}, got[upgrade].Chain)
	assert.Empty(t, got[viaExt].Params)

	deep, r, ok := Deepest(got, viaConst)
	assert.True(t, ok)
	assert.Equal(t, leaf, deep)
	assert.Equal(t, token.Pos(11), r.At)
	_, _, ok = Deepest(got, viaField)
	assert.False(t, ok)
}

func TestLeafKey(t *testing.T) {
	a := Reason{Chain: []string{"a.F", "q.Ext", "q.backoff", "time.Sleep"}, Where: "q.go:9"}
	b := Reason{Chain: []string{"q.backoff", "time.Sleep"}, Where: "q.go:9"}
	c := Reason{Chain: []string{"r.backoff", "time.Sleep"}, Where: "q.go:9"} // another q.go
	assert.Equal(t, LeafKey(a), LeafKey(b))
	assert.NotEqual(t, LeafKey(a), LeafKey(c))
	assert.Equal(t, "q.go:9", LeafKey(Reason{Where: "q.go:9"}))
}
