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
