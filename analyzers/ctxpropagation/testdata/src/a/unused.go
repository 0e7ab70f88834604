package a

import (
	"context"
	"database/sql"
	"log/slog"
	"net"
	"time"
)

// context.Background() is reported only when the code it flows to uses a
// context for cancellation: passed to a function that waits on it, or
// derived into a context that is.

type informer struct{}

// newInformer's context is blank: passing it one changes nothing (the
// shape of a discovery constructor).
func newInformer(_ context.Context, namespace string) *informer { return &informer{} }

func logOnly(ctx context.Context, msg string) { slog.InfoContext(ctx, msg) }

func valuesOnly(ctx context.Context) string {
	if v, ok := ctx.Value(traceKey{}).(string); ok {
		return v
	}
	return ""
}

type traceKey struct{}

func runDiscovery(ctx context.Context, db *sql.DB) {
	_ = newInformer(context.Background(), "default") // ok: newInformer ignores its context
	logOnly(context.Background(), "started")         // ok: logging reads values only
	_ = valuesOnly(context.TODO())                   // ok: values only

	lctx, cancel := context.WithTimeout(context.Background(), time.Second) // ok: lctx only reaches a logger
	defer cancel()
	logOnly(lctx, "derived")

	qctx, cancel2 := context.WithTimeout(context.Background(), time.Second) // want `context.Background\(\) ignores the caller's context: use ctx`
	defer cancel2()
	db.QueryContext(qctx, "SELECT 1")

	vctx := context.WithValue(context.Background(), traceKey{}, "id") // want `context.Background\(\) ignores the caller's context: use ctx`
	work(vctx)
}

// A listener's context changes nothing: binding a socket waits on no peer.
func serveListener(ctx context.Context) (net.Listener, error) {
	lc := net.ListenConfig{}
	return lc.Listen(context.TODO(), "tcp", ":0") // ok
}

// Passed to an interface method or a function value: what they do is not
// seen, they are assumed to use it.
type raft interface {
	Process(ctx context.Context, m string) error
}

func process(ctx context.Context, r raft, hook func(context.Context)) {
	r.Process(context.TODO(), "m") // want `context.TODO\(\) ignores the caller's context: use ctx`
	hook(context.Background())     // want `context.Background\(\) ignores the caller's context: use ctx`
}

// Returned, or stored in a local that flows nowhere seen: quiet when
// unsure.
func detachedFor(ctx context.Context) context.Context {
	return context.Background()
}
