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
