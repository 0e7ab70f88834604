// Package retry blocks in a way handlerblock cannot see (through a
// function value), so only -blocking-funcs makes it known.
package retry

type Policy struct{ wait func() }

func Do(f func() error) error { return f() }

func (p *Policy) Wait() { p.wait() }
