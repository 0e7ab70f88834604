package a

import (
	"context"
	"net/http"
	"time"
)

// work waits on its context: passing it one changes what it does.
func work(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }

func handler(w http.ResponseWriter, r *http.Request) {
	work(context.Background()) // want `context.Background\(\) ignores the request's context: use r.Context\(\)`
	work(context.TODO())       // want `context.TODO\(\) ignores the request's context: use r.Context\(\)`
}

func caller(ctx context.Context) {
	work(context.Background())                                             // want `context.Background\(\) ignores the caller's context: use ctx`
	tctx, cancel := context.WithTimeout(context.Background(), time.Second) // want `context.Background\(\) ignores the caller's context: use ctx`
	defer cancel()
	work(tctx)
}

// The classic: the parameter is overwritten by a context derived from
// Background; inside the call, ctx still names the caller's context.
func overwritten(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second) // want `context.Background\(\) ignores the caller's context: use ctx`
	defer cancel()
	work(ctx)
}

// A derived local is preferred, and keeps the request's origin.
func derived(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	work(context.Background()) // want `context.Background\(\) ignores the request's context: use ctx`
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	work(context.Background()) // want `context.Background\(\) ignores the request's context: use tctx`
	work(tctx)
}

func mixedOrigin(ctx context.Context, r *http.Request) {
	work(context.Background()) // want `context.Background\(\) ignores the caller's context: use ctx`
}

// Closures see the enclosing function's context.
func closure(ctx context.Context) {
	f := func() {
		work(context.Background()) // want `context.Background\(\) ignores the caller's context: use ctx`
	}
	f()
	func() {
		work(context.TODO()) // want `context.TODO\(\) ignores the caller's context: use ctx`
	}()
}

// Middleware: the inner handler's request is in scope.
func middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		work(context.Background()) // want `context.Background\(\) ignores the request's context: use r.Context\(\)`
		next.ServeHTTP(w, r)
	})
}

type server struct{}

func (s *server) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	work(context.Background()) // want `context.Background\(\) ignores the request's context: use req.Context\(\)`
}

// A request derived from the caller's context.
func outgoing(ctx context.Context, url string) {
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	_ = req
	work(context.Background()) // want `context.Background\(\) ignores the caller's context: use ctx`
}

// A goroutine that receives the context as a parameter is meant to use it.
func goParam(ctx context.Context) {
	go func(ctx context.Context) {
		work(context.Background()) // want `context.Background\(\) ignores the caller's context: use ctx`
	}(ctx)
}
