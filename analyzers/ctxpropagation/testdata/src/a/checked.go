package a

import (
	"context"
	"net/http"

	"lib"
)

// A variant that only checks, once and without waiting, whether its
// context is already done (a circuit breaker's AllowCtx, judged through
// the breaker's implementation in its package) changes nothing a gone
// client would notice at one call: the handler goes on either way.
func breakerMiddleware(b lib.Breaker, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := b.Allow(); err != nil { // ok: AllowCtx only checks r's context once
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// In a loop the same check ends the loop once the caller has gone.
func drainJobs(ctx context.Context, b lib.Breaker, jobs []string) {
	for range jobs {
		_ = b.Allow() // want `b.Allow ignores the caller's context`
	}
}

// The same within the package: tryLoadContext checks once.
func tryLoad(key string) string { return tryLoadContext(context.Background(), key) }

func tryLoadContext(ctx context.Context, key string) string {
	if ctx.Err() != nil {
		return ""
	}
	return key
}

func loadOne(ctx context.Context) string {
	return tryLoad("k") // ok: tryLoadContext only checks once
}

func loadAll(ctx context.Context, keys []string) {
	for _, k := range keys {
		_ = tryLoad(k) // want `tryLoad ignores the caller's context`
	}
}
