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

// Passed to a method of an interface the package declares and does not
// implement (a plug-in point, as a transport's handle on its consensus
// module): what the implementation does is not seen, and it does not count
// as a use. A function value is not seen either, and is assumed to use it.
type raft interface {
	Process(ctx context.Context, m string) error
}

func process(ctx context.Context, r raft, hook func(context.Context)) {
	r.Process(context.TODO(), "m") // ok: a plug-in point
	hook(context.Background())     // want `context.Background\(\) ignores the caller's context: use ctx`
}

// An interface the package implements is judged by its implementation.
type queue interface {
	Push(ctx context.Context, m string) error
}

type chanQueue struct{ c chan string }

func (q chanQueue) Push(ctx context.Context, m string) error {
	for {
		select {
		case q.c <- m:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func push(ctx context.Context, q queue) {
	_ = q.Push(context.TODO(), "m") // want `context.TODO\(\) ignores the caller's context: use ctx`
}

// Returned, or stored in a local that flows nowhere seen: quiet when
// unsure.
func detachedFor(ctx context.Context) context.Context {
	return context.Background()
}
