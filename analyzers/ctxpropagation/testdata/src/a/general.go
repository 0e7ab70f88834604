package a

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"lib"
)

// The general rule, across packages.
func thirdParty(ctx context.Context, c *lib.Client, s lib.Store, l *lib.Logger, cache lib.Cache) {
	lib.Fetch("k")           // want `lib.Fetch ignores the caller's context: use lib.FetchContext\(ctx, \.\.\.\)`
	lib.Send("m", 1)         // want `lib.Send ignores the caller's context: use lib.SendCtx\(ctx, \.\.\.\)`
	lib.Put("k")             // want `lib.Put ignores the caller's context: use lib.PutWithContext\(ctx, \.\.\.\)`
	c.Get("k")               // want `c.Get ignores the caller's context: use c.GetContext\(ctx, \.\.\.\)`
	s.Load("k")              // want `s.Load ignores the caller's context: use s.LoadContext\(ctx, \.\.\.\)`
	cache.Get("k")           // ok: a plug-in point, its implementation is not seen
	lib.Mismatch("k")        // ok: the variant's parameters differ
	lib.NotFirst("k")        // ok: the context is not the first parameter
	l.Info("m")              // want `l.Info ignores the caller's context: use l.InfoContext\(ctx, \.\.\.\)`
	slog.Info("m")           // ok: logging is excluded
	slog.Default().Info("m") // ok: logging is excluded
}

// The general rule within the package, for functions and methods.
func load(key string) string { return loadContext(context.Background(), key) }
func loadContext(ctx context.Context, key string) string {
	<-ctx.Done()
	return key + ctx.Err().Error()
}

type cache struct{}

func (c *cache) Get(key string) string { return c.GetCtx(context.Background(), key) }
func (c *cache) GetCtx(ctx context.Context, key string) string {
	<-ctx.Done()
	return key + ctx.Err().Error()
}

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

// Variants that do not use their context for cancellation change nothing:
// not reported.
func unusedVariants(ctx context.Context, p *lib.Process) {
	lib.Times(true)      // ok: TimesWithContext reads /proc and never looks at its context
	lib.NewProcess(1)    // ok: the context only carries an override among its values
	p.MemoryInfo()       // ok: the same
	lib.Debugf(nil, "m") // ok: logging attributes the record to the context's values
	lib.NewGetParams()   // want `lib.NewGetParams ignores the caller's context: use lib.NewGetParamsWithContext\(ctx\)`
}

// The same within the package: a vendored statistics library whose
// variants read /proc.
func cpuTimes(percpu bool) ([]string, error) {
	return cpuTimesWithContext(context.Background(), percpu)
}

func cpuTimesWithContext(ctx context.Context, percpu bool) ([]string, error) {
	return readLines("/proc/stat")
}

func readLines(path string) ([]string, error) { return nil, nil }

func cpuPercentWithContext(ctx context.Context, interval time.Duration) ([]string, error) {
	t1, _ := cpuTimes(false) // ok: cpuTimesWithContext ignores its context
	if err := sleepCtx(ctx, interval); err != nil {
		return nil, err
	}
	return t1, nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}
