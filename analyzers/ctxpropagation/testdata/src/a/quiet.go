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
