package a

import (
	"context"
	"net"
	"net/http"
	"time"
)

// A notifier shared by every waiter: one read serves all of them, and a
// waiter that leaves early stops none of that work (the shape of a
// linearizable-read notifier).
type notifier struct{ c chan struct{} }

func (n *notifier) wait(ctx context.Context) error {
	select {
	case <-n.c:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type readServer struct {
	read    *notifier
	timeout time.Duration
}

// Bounded by its own timeout, the detached context only frees a parked
// goroutine earlier if it were the request's: nothing to fix.
func (s *readServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout) // ok: bounded wait on shared work
	defer cancel()
	if err := s.read.wait(ctx); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// Unbounded, the same wait may never end once the notifier stalls.
func (s *readServer) unbounded(w http.ResponseWriter, r *http.Request) {
	_ = s.read.wait(context.TODO()) // want `context.TODO\(\) ignores the request's context: use r.Context\(\)`
}

// Waiting again and again is a loop the request's end would stop.
func (s *readServer) repeated(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout) // want `context.Background\(\) ignores the request's context: use r.Context\(\)`
	defer cancel()
	for range 3 {
		_ = s.read.wait(ctx)
	}
}

// Work done with the bounded context, not only a wait: reported.
func (s *readServer) dials(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout) // want `context.Background\(\) ignores the request's context: use r.Context\(\)`
	defer cancel()
	_ = s.read.wait(ctx)
	if c, err := (&net.Dialer{}).DialContext(ctx, "tcp", "peer:1"); err == nil {
		c.Close()
	}
}
