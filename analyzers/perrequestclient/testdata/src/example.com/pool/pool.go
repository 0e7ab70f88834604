// Package pool is an in-house pooled client, named with -constructors.
package pool

type Pool struct{ Size int }

func New(addr string) *Pool { return &Pool{} }

type Factory struct{}

func (*Factory) Open(addr string) *Pool { return &Pool{} }
