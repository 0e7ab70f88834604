// Package extra is checked with -blocking-funcs=example.com/retry.Do,(*example.com/retry.Policy).Wait.
package extra

import (
	"net/http"

	"example.com/retry"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	_ = retry.Do(func() error { return nil }) // want `retry.Do in handler Handler blocks without the request's context .*: wait in a select with a case <-r.Context\(\).Done\(\) instead`
	var p retry.Policy
	p.Wait() // want `retry.Policy.Wait in handler Handler blocks`
	helper() // want `call to extra.helper blocks without the request's context: extra.helper -> retry.Do at extra.go:\d+`
}

func helper() { _ = retry.Do(nil) }
