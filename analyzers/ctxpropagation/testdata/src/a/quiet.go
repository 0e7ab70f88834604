package a

import (
	"context"
	"database/sql"
	"net/http"
	"os/exec"
	"time"

	"lib"
)

// No context in scope: nothing to pass on.
func init() {
	work(context.Background())
}

func main() {
	work(context.Background())
	exec.Command("ls")
}

type service struct{ ctx context.Context }

// Constructors have no caller's context.
func newService(db *sql.DB) *service {
	db.Ping()
	return &service{ctx: context.Background()}
}

// The thin compatibility wrapper has no context to pass.
func Fetch(key string) (string, error) { return FetchContext(context.Background(), key) }

func FetchContext(ctx context.Context, key string) (string, error) { return key, nil }

// Unnamed and blank parameters cannot be passed on.
func unnamed(context.Context, *http.Request) { work(context.Background()) }
func blank(_ context.Context)                { work(context.Background()) }

// A parameter named with a leading underscore is marked unused by its
// author.
func markedUnused(_ctx context.Context) { work(context.Background()) }

func unnamedHandler(http.ResponseWriter, *http.Request) { work(context.Background()) }

// Deliberate detachment: context.WithoutCancel keeps values, drops
// cancellation.
func detach(ctx context.Context) {
	bg := context.WithoutCancel(ctx)
	work(bg)
}

// A context reassigned from Background is not the caller's afterwards.
func reassigned(ctx context.Context, db *sql.DB) {
	ctx = context.Background()
	work(ctx)
	db.Ping()
}

// Goroutines that do not receive the context run work meant to outlive
// the request.
func spawn(w http.ResponseWriter, r *http.Request, db *sql.DB) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		work(ctx)
		db.Exec("UPDATE stats")
	}()
}

// Deferred cleanup runs when the context may be done already.
func cleanup(ctx context.Context, db *sql.DB) {
	defer work(context.Background())
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		work(ctx)
		db.Exec("UNLOCK")
	}()
}

// After the context is done, only a fresh context works.
func shutdown(ctx context.Context, srv *http.Server) {
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	srv.Shutdown(sctx)
}

func loop(ctx context.Context, srv *http.Server) {
	for {
		select {
		case <-ctx.Done():
			srv.Shutdown(context.Background())
			return
		case <-time.After(time.Second):
		}
	}
}

func afterErr(ctx context.Context) {
	if ctx.Err() != nil {
		work(context.Background())
	}
}

// The nil guard replaces no caller's context.
func nilGuard(ctx context.Context) {
	if ctx == nil {
		ctx = context.Background()
	}
	work(ctx)
}

// Logging is excluded: its context carries values, not cancellation.
// (see general.go for slog)

// Suppressed with a reason.
func suppressed(ctx context.Context) {
	//conclint:ignore ctxpropagation the audit record must be written even if the client went away
	work(context.Background())
}

// Package-level contexts are nobody's caller's.
var global = context.Background()

func usesGlobal(db *sql.DB) {
	work(global)
	db.Ping()
}

// Calling the variant is right.
func right(ctx context.Context, db *sql.DB) {
	db.QueryContext(ctx, "SELECT 1")
	lib.FetchContext(ctx, "k")
	exec.CommandContext(ctx, "ls")
}

// A request that gets the context later does not ignore it.
func attachedLater(ctx context.Context, c *http.Client) {
	req, _ := http.NewRequest("GET", "/", nil)
	c.Do(req.WithContext(ctx))
	req2, _ := http.NewRequest("GET", "/", nil)
	send(ctx, c, req2)
}

func send(ctx context.Context, c *http.Client, req *http.Request) {}

// Only the context as such: a request sent without it is reported.
func notAttached(ctx context.Context, c *http.Client) {
	req, _ := http.NewRequest("GET", "/", nil) // want `http.NewRequest ignores the caller's context`
	c.Do(req)
}

// Callbacks run later, when the caller may be gone or because its context
// is done.
func callbacks(ctx context.Context, db *sql.DB) {
	time.AfterFunc(time.Second, func() {
		work(context.Background())
		db.Exec("UPDATE stats")
	})
	stop := context.AfterFunc(ctx, func() {
		work(context.Background())
	})
	defer stop()
}

// A context stored beyond the call has a component's lifetime, not the
// caller's: a server's base context, a long-lived stream.
type component struct {
	ctx    context.Context
	cancel context.CancelFunc
	conns  map[string]context.Context
}

var baseCtx context.Context

func (c *component) Start(ctx context.Context) {
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.conns["a"] = context.Background()
	baseCtx = context.TODO()
	_ = &component{ctx: context.Background()}
	_ = []context.Context{context.Background()}
	lctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	work(lctx)
	other, cancel2 := context.WithCancel(context.Background())
	_ = &component{ctx: other, cancel: cancel2}
}

// A local that stays local is not stored.
func (c *component) Run(ctx context.Context) {
	lctx, cancel := context.WithCancel(context.Background()) // want `context.Background\(\) ignores the caller's context: use ctx`
	defer cancel()
	work(lctx)
}

// A client helper that replaces an outgoing request's context with its own.
func post(c *http.Client, req *http.Request) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req = req.WithContext(ctx)
	c.Do(req)
}

// A goroutine started with context.Background() is meant to outlive the
// call, like a go func() {...}() literal.
func (c *component) startLoops(ctx context.Context) {
	go c.loop(context.Background())                                   // ok
	go c.loop(context.WithValue(context.Background(), traceKey{}, 1)) // ok
	c.loop(context.Background())                                      // want `context.Background\(\) ignores the caller's context: use ctx`
}

func (c *component) loop(ctx context.Context) { <-ctx.Done() }
