// Package flag uses in-house pools named with -constructors.
package flag

import (
	"net/http"

	"example.com/pool"
)

var factory pool.Factory

func Handle(w http.ResponseWriter, r *http.Request) {
	p := pool.New("backend") // want `pool.New in handler Handle builds a new pooled client on every request: build it once at start-up and share it`
	_ = p
	q := factory.Open("backend") // want `pool.Factory.Open in handler Handle builds a new pooled client`
	_ = q
	l := &pool.Pool{Size: 4} // want `pool.Pool literal in handler Handle builds a new pooled client`
	_ = l
}
