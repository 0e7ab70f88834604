// Package singleflight stands for golang.org/x/sync/singleflight.
package singleflight

// Group deduplicates calls.
type Group struct{}

// Result is what DoChan delivers.
type Result struct {
	Val    any
	Err    error
	Shared bool
}

// Do runs fn once for all callers of the same key at the same time.
func (g *Group) Do(key string, fn func() (any, error)) (v any, err error, shared bool) {
	v, err = fn()
	return v, err, false
}

// DoChan is Do with the result on a channel.
func (g *Group) DoChan(key string, fn func() (any, error)) <-chan Result {
	ch := make(chan Result, 1)
	v, err := fn()
	ch <- Result{Val: v, Err: err}
	return ch
}
