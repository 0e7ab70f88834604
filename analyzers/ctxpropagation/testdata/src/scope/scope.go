// Package scope exercises ctxscope, the context-in-scope helper, through
// ctxpropagation's messages: each want names the expression At chose.
package scope

import (
	"context"
	"net/http"
	"time"
)

func work(ctx context.Context) { <-ctx.Done(); _ = ctx.Err() }

// Shadowing: an inner non-carrying ctx hides the parameter; the request
// is still there.
func shadowed(w http.ResponseWriter, r *http.Request, ctx context.Context) {
	{
		ctx := 42
		_ = ctx
		work(context.Background()) // want `ignores the request's context: use r.Context\(\)`
	}
	work(context.Background()) // want `ignores the caller's context: use ctx`
}

// Shadowing by a detached context hides everything named ctx.
func shadowedDetached(ctx context.Context) {
	if true {
		ctx := context.WithoutCancel(ctx)
		work(ctx)
		work(context.Background()) // quiet: the only ctx in scope here is detached
	}
}

// A local declared after the point asked about is not in scope yet.
func declaredLater(r *http.Request) {
	work(context.Background()) // want `use r.Context\(\)`
	ctx := r.Context()
	work(context.Background()) // want `use ctx`
	_ = ctx
}

// A request rebuilt with the caller's context carries it.
func rebuilt(ctx context.Context, r *http.Request) {
	req := r.WithContext(ctx)
	_ = req
	work(context.Background()) // want `ignores the caller's context: use ctx`
}

// A request rebuilt with a detached context does not.
func rebuiltDetached(w http.ResponseWriter, r *http.Request) {
	r = r.WithContext(context.WithoutCancel(r.Context()))
	work(context.Background()) // quiet: r no longer carries the request's context
}

// Derived through several locals.
func chain(ctx context.Context) {
	a, cancelA := context.WithCancel(ctx)
	defer cancelA()
	b, cancelB := context.WithTimeout(a, time.Second)
	defer cancelB()
	work(context.Background()) // want `use b$`
	work(b)
}

// A local assigned from both a carrying and a non-carrying source stops
// carrying after the second assignment.
func twoAssignments(ctx context.Context) {
	c := ctx
	work(context.Background()) // want `use c$`
	c = context.Background()   // want `use ctx$`
	work(context.Background()) // want `use ctx$`
	work(c)
}

// In a loop, a later reassignment reaches the loop's start again.
func inLoop(ctx context.Context, items []int) {
	c := ctx
	for range items {
		work(context.Background()) // want `use ctx$`
		c = context.TODO()         // want `use ctx$`
	}
	work(c)
}

// A reassignment inside a closure may happen at any time.
func inClosure(ctx context.Context) {
	c := ctx
	reset := func() { c = context.Background() } // want `use ctx$`
	work(context.Background())                   // want `use ctx$`
	reset()
	work(c)
}

// Range variables of context type carry nothing we can see.
func ranged(ctxs []context.Context) {
	for _, c := range ctxs {
		work(c)
		work(context.Background()) // quiet
	}
}

// A closure declared in a handler sees the request.
func closureInHandler(w http.ResponseWriter, r *http.Request) {
	run := func(f func()) { f() }
	run(func() {
		work(context.Background()) // want `use r.Context\(\)`
	})
}

// A goroutine literal taking the context as a parameter is not detached.
func goWithParam(w http.ResponseWriter, r *http.Request) {
	go func(ctx context.Context) {
		work(context.Background()) // want `ignores the caller's context: use ctx`
	}(r.Context())
	go func() {
		work(context.Background()) // quiet: detached goroutine
	}()
}

// Nested function literals: the innermost context wins.
func nested(ctx context.Context) {
	func(inner context.Context) {
		work(context.Background()) // want `use inner$`
		func() {
			work(context.Background()) // want `use inner$`
		}()
	}(ctx)
}

// A method value or field holding a context is not tracked.
type holder struct{ ctx context.Context }

func (h *holder) run() {
	work(context.Background()) // quiet: h.ctx is not a caller's context we track
}

// Generic functions.
func generic[T any](ctx context.Context, v T) {
	work(context.Background()) // want `use ctx$`
}
