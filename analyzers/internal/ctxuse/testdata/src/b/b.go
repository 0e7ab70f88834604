package b // want package:"ctxuse solved"

// b reads dep's facts.

import (
	"context"

	"dep"
)

func UsesDep(ctx context.Context) { dep.Deep(ctx) } // want UsesDep:`ctxuse\(used\)`

func IgnoresDep(ctx context.Context) { dep.Through(ctx) } // want IgnoresDep:`ctxuse\(ignored\)`

func IgnoresVariant(ctx context.Context) { // want IgnoresVariant:`ctxuse\(ignored\)`
	dep.TimesWithContext(ctx, true)
}

func Promoted(ctx context.Context, o struct{ dep.T }) { o.Set(ctx) } // want Promoted:`ctxuse\(used, used\)`

// Interface methods of dep, judged by dep's implementations.
func ViaBreaker(ctx context.Context, b dep.Breaker) error { return b.AllowCtx(ctx) } // want ViaBreaker:`ctxuse\(checked, used\)`

func ViaBreakerLoop(ctx context.Context, b dep.Breaker, n int) { // want ViaBreakerLoop:`ctxuse\(used, used, used\)`
	for range n {
		_ = b.AllowCtx(ctx)
	}
}

func ViaFetcher(ctx context.Context, f dep.Fetcher) error { return f.Fetch(ctx) } // want ViaFetcher:`ctxuse\(used, used\)`

func ViaPinger(ctx context.Context, p dep.Pinger) error { return p.Ping(ctx) } // want ViaPinger:`ctxuse\(used, used\)`

// A plug-in interface of dep, judged in b: not a use.
func ViaDepPlugIn(ctx context.Context, m dep.SecretManager) error { // want ViaDepPlugIn:`ctxuse\(ignored, used\)`
	_, err := m.Fetch(ctx, "k")
	return err
}
