package a

import (
	"context"
	"log/slog"
	"net/http"

	"lib"
)

// The general rule, across packages.
func thirdParty(ctx context.Context, c *lib.Client, s lib.Store, l *lib.Logger) {
	lib.Fetch("k")           // want `lib.Fetch ignores the caller's context: use lib.FetchContext\(ctx, \.\.\.\)`
	lib.Send("m", 1)         // want `lib.Send ignores the caller's context: use lib.SendCtx\(ctx, \.\.\.\)`
	lib.Put("k")             // want `lib.Put ignores the caller's context: use lib.PutWithContext\(ctx, \.\.\.\)`
	c.Get("k")               // want `c.Get ignores the caller's context: use c.GetContext\(ctx, \.\.\.\)`
	s.Load("k")              // want `s.Load ignores the caller's context: use s.LoadContext\(ctx, \.\.\.\)`
	lib.Mismatch("k")        // ok: the variant's parameters differ
	lib.NotFirst("k")        // ok: the context is not the first parameter
	l.Info("m")              // want `l.Info ignores the caller's context: use l.InfoContext\(ctx, \.\.\.\)`
	slog.Info("m")           // ok: logging is excluded
	slog.Default().Info("m") // ok: logging is excluded
}

// The general rule within the package, for functions and methods.
func load(key string) string                             { return loadContext(context.Background(), key) }
func loadContext(ctx context.Context, key string) string { return key }

type cache struct{}

func (c *cache) Get(key string) string                         { return c.GetCtx(context.Background(), key) }
func (c *cache) GetCtx(ctx context.Context, key string) string { return key }

// getAll's variant calls it: inside the variant the call is the
// implementation, not a missed context.
func (c *cache) GetAll() []string                           { return nil }
func (c *cache) GetAllContext(ctx context.Context) []string { return c.GetAll() }

func local(w http.ResponseWriter, r *http.Request, c *cache) {
	load("k")  // want `load ignores the request's context: use loadContext\(r.Context\(\), \.\.\.\)`
	c.Get("k") // want `c.Get ignores the request's context: use c.GetCtx\(r.Context\(\), \.\.\.\)`
}

// A method value is not a call.
func methodValue(ctx context.Context, c *cache) func(string) string {
	return c.Get
}

// An outer type's own method is not a variant of an embedded type's.
type wrapped struct{ *cache }

func (w *wrapped) Get(key string) string { return key }

func outerOwn(ctx context.Context, w *wrapped) {
	w.Get("k") // ok: wrapped.Get is not cache.Get; wrapped has no GetCtx of its own
}
