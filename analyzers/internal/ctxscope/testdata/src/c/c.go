package c

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

func use() {}

func noContext() {
	use() // want `none`
}

func param(ctx context.Context) {
	use() // want `ctx=ctx kind=param`
}

func blankParam(_ context.Context) {
	use() // want `none`
}

func handler(w http.ResponseWriter, r *http.Request) {
	use() // want `ctx=r.Context\(\) kind=request`
	ctx := r.Context()
	use() // want `ctx=ctx kind=request`
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	use() // want `ctx=tctx kind=request`
	{
		ctx := context.Background()
		_ = ctx
		use() // want `ctx=tctx kind=request`
	}
	func() {
		use() // want `ctx=tctx kind=request`
	}()
	go func() {
		use() // want `ctx=tctx kind=request go`
	}()
	go func(ctx context.Context) {
		use() // want `ctx=ctx kind=param$`
	}(tctx)
}

// Locals assigned from outside the caller's context do not carry it.
func detached(ctx context.Context) {
	bg := context.WithoutCancel(ctx)
	_ = bg
	use() // want `ctx=ctx kind=param`
	var mixed context.Context = ctx
	mixed = context.Background()
	_ = mixed
	use() // want `ctx=ctx kind=param`
}

// A reassigned parameter stops carrying the context.
func reassigned(ctx context.Context) {
	ctx = context.Background()
	use() // want `none`
}

// Shadowing: the parameter is hidden by a non-carrying local.
func shadowed(ctx context.Context) {
	if true {
		ctx := 1
		_ = ctx
		use() // want `none`
	}
}

func requests(ctx context.Context, url string) {
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	_ = req
	use() // want `ctx=ctx kind=param`
	bad, _ := http.NewRequest("GET", url, nil)
	_ = bad
	use() // want `ctx=ctx kind=param`
}

func ginHandler(c *gin.Context) {
	use() // want `ctx=c.Request.Context\(\) kind=request`
}

// Context-typed parameters are preferred over requests in the same scope.
func both(ctx context.Context, r *http.Request) {
	use() // want `ctx=ctx kind=param`
}

// Package-level contexts never carry a caller's context.
var global = context.Background()

func usesGlobal() {
	_ = global
	use() // want `none`
}

func generic[T any](ctx context.Context, v T) {
	use() // want `ctx=ctx kind=param`
}

// A reassignment from elsewhere ends carrying from its end on, not before.
func killedLater(ctx context.Context) {
	use() // want `ctx=ctx kind=param`
	ctx = context.Background()
	use() // want `none`
	_ = ctx
}

// In a loop, the reassignment reaches the loop's start again.
func killedInLoop(ctx context.Context) {
	use() // want `ctx=ctx kind=param`
	for i := 0; i < 2; i++ {
		use() // want `none`
		ctx = context.TODO()
	}
	_ = ctx
}

// In a closure, it may happen at any time.
func killedInClosure(ctx context.Context) {
	use() // want `none`
	reset := func() { ctx = context.Background() }
	reset()
}

// The nil guard replaces no caller's context.
func nilGuard(ctx context.Context) {
	if ctx == nil {
		ctx = context.Background()
	}
	use() // want `ctx=ctx kind=param`
}

// A local derived from a parameter is of the parameter's kind, even when
// a request is also in scope; a caller's context is preferred to a
// request's.
func derivedKinds(ctx context.Context, r *http.Request) {
	req := r.WithContext(ctx)
	use() // want `ctx=ctx kind=param`
	rctx := r.Context()
	use() // want `ctx=ctx kind=param`
	_, _ = req, rctx
}

func derivedRequest(w http.ResponseWriter, r *http.Request) {
	req := r.WithContext(r.Context())
	use() // want `ctx=req.Context\(\) kind=request`
	_ = req
}

// A local declared without a value and only ever assigned from elsewhere
// never carries the caller's context.
func declaredNil(ctx context.Context) {
	var c context.Context
	c, cancel := context.WithCancel(context.Background())
	defer cancel()
	use() // want `ctx=ctx kind=param`
	_ = c
}

// req.WithContext(x) carries x's context, not req's.
func replacedContext(w http.ResponseWriter, r *http.Request) {
	r = r.WithContext(context.Background())
	use() // want `none`
	req := r.Clone(context.TODO())
	_ = req
}

func keptContext(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	r = r.WithContext(ctx)
	use() // want `ctx=ctx kind=request`
}

func replacedByLocal(w http.ResponseWriter, r *http.Request) {
	bg, cancel := context.WithCancel(context.Background())
	defer cancel()
	r = r.WithContext(bg)
	use() // want `none`
}
