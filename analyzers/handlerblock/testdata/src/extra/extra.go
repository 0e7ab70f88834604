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
	helper()
}

func helper() { _ = retry.Do(nil) } // want `retry.Do in extra.helper blocks handler Handler without the request's context: extra.helper -> retry.Do at extra.go:\d+`
