package fiximport

import (
	"context"
	"net/http"
)

type doner interface{ Done() <-chan struct{} }

func do(d doner) {}

// After the fix, nothing else uses the context package: its import goes.
func handler(w http.ResponseWriter, r *http.Request) {
	do(context.Background()) // want `context.Background\(\) ignores the request's context: use r.Context\(\)`
}
