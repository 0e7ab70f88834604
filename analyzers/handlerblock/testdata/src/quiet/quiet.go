// Package quiet holds idiomatic code handlerblock must not report.
package quiet

import (
	"context"
	"net/http"
	"sync"
	"time"

	"deep"
)

// Outside handlers: workers, CLIs, start-up code block as they please.

func Worker(jobs <-chan string, results chan<- string, quit chan struct{}) { // want Worker:"blocks: quiet.Worker -> time.Sleep"
	for j := range jobs {
		time.Sleep(time.Millisecond)
		select {
		case results <- j:
		case <-quit:
			return
		}
	}
}

func Poll() { // want Poll:"blocks: quiet.Poll -> <-time.After"
	for {
		deep.Backoff(1)
		<-time.After(time.Second)
	}
}

func init() {
	time.Sleep(time.Millisecond)
}

// Handlers that watch the request's context.

type Server struct {
	jobs    chan string
	results chan string
	mu      sync.Mutex
	n       int
	q       *deep.Queue
	store   Store
}

func (s *Server) Submit(w http.ResponseWriter, r *http.Request) {
	select {
	case s.jobs <- r.URL.Path:
	case <-r.Context().Done():
		return
	}
	select {
	case res := <-s.results:
		_, _ = w.Write([]byte(res))
	case <-r.Context().Done():
	}
}

func (s *Server) WithVar(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	select {
	case <-ctx.Done():
	case <-time.After(time.Second):
	}
	done := ctx.Done()
	select {
	case <-done:
	case s.jobs <- "x":
	}
}

func (s *Server) Derived(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	select {
	case <-ctx.Done():
	case v := <-s.results:
		_, _ = w.Write([]byte(v))
	}
}

// Waiting for the cancellation itself is not blocking despite it.
func (s *Server) UntilGone(w http.ResponseWriter, r *http.Request) {
	<-r.Context().Done()
}

func (s *Server) TrySend(w http.ResponseWriter, r *http.Request) {
	select {
	case s.jobs <- "x":
	default:
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}
}

// The deprecated CloseNotifier is a way out too.
func (s *Server) CloseNotify(w http.ResponseWriter, r *http.Request) {
	select {
	case <-w.(http.CloseNotifier).CloseNotify():
	case v := <-s.results:
		_, _ = w.Write([]byte(v))
	}
}

// Blocking inside a goroutine the handler starts is unboundedgo's concern.
func (s *Server) Background(w http.ResponseWriter, r *http.Request) {
	go func() {
		time.Sleep(time.Second)
		s.jobs <- "later"
		deep.Backoff(1)
	}()
	go deep.Backoff(2)
	go s.q.Submit("x")
}

// Waiting for goroutines the handler started: their work is what should
// watch the context, as with sync.WaitGroup.Wait.
func (s *Server) FanOut(w http.ResponseWriter, r *http.Request) {
	ch := make(chan string, 1)
	go func() { ch <- compute(r.Context()) }()
	_, _ = w.Write([]byte(<-ch))

	results := make(chan int)
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- i
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for n := range results {
		_ = n
	}

	errc := make(chan error)
	go worker(errc)
	if err := <-errc; err != nil {
		return
	}

	timed := make(chan string, 1)
	go func() { timed <- compute(r.Context()) }()
	select {
	case v := <-timed:
		_, _ = w.Write([]byte(v))
	case <-time.After(time.Second):
	}
	wg.Wait()
}

func worker(errc chan<- error) { errc <- nil }

func compute(ctx context.Context) string { return "" }

// A callback run by a group, not on the handler's own path, may use the
// handler's channel.
type group struct{}

func (g *group) Go(f func() error) {}

func (s *Server) Group(w http.ResponseWriter, r *http.Request) {
	var g group
	out := make(chan int, 1)
	g.Go(func() error {
		time.Sleep(time.Millisecond)
		out <- 1
		return nil
	})
	<-out
}

// Locks are not waits handlerblock reports.
func (s *Server) Count(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	deep.Locked(func() {})
}

// Functions that take the context and watch it; functions whose blocking
// is on another goroutine; calls through function values and interfaces.
func (s *Server) Calls(w http.ResponseWriter, r *http.Request) {
	_ = deep.RetryCtx(r.Context(), func() error { return nil })
	_ = s.q.SubmitCtx(r.Context(), "x")
	_ = s.q.TrySubmit("x")
	_ = deep.WaitDone(r.Context(), make(chan int))
	// Channel waits inside another package are its own protocol.
	s.q.Submit("x")
	_ = s.q.Next()
	var b deep.Box[string]
	_ = b.Get()
	deep.Async()
	deep.CallValue(func() { time.Sleep(time.Second) })
	deep.CallIface(sleeper{})
	f := deep.Stored()
	f()
	s.store.Load()
	time.AfterFunc(time.Second, func() { time.Sleep(time.Second) })
}

type sleeper struct{}

func (sleeper) Sleep() { time.Sleep(time.Second) } // want Sleep:"blocks: quiet.sleeper.Sleep -> time.Sleep"

type Store interface{ Load() }

// A handler calling another handler: the callee's waits are reported in
// the callee (package a), not again at the call.
func (s *Server) Outer(w http.ResponseWriter, r *http.Request) {
	s.inner(w, r)
}

//conclint:ignore handlerblock the test below checks that the directive is honoured
func (s *Server) inner(w http.ResponseWriter, r *http.Request) { time.Sleep(time.Second) }

// A semaphore: the release after the acquire does not wait, and the
// acquire watches the request.
func Limited() http.HandlerFunc {
	sem := make(chan struct{}, 10)
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case sem <- struct{}{}:
		case <-r.Context().Done():
			return
		}
		defer func() { <-sem }()
	}
}

// A loop over a ticker that checks the context at every tick gives up
// within a tick.
func Ticking(w http.ResponseWriter, r *http.Request) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for range t.C {
		if r.Context().Err() != nil {
			return
		}
	}
}

// A select with a timeout case waits at most as long as its author chose.
func (s *Server) Timeout(w http.ResponseWriter, r *http.Request) {
	select {
	case v := <-s.results:
		_, _ = w.Write([]byte(v))
	case <-time.After(5 * time.Second):
		http.Error(w, "timeout", http.StatusGatewayTimeout)
	}
	t := time.NewTimer(time.Second)
	defer t.Stop()
	select {
	case s.jobs <- "x":
	case <-t.C:
	}
}

// Suppressed with a reason.
func Tarpit(w http.ResponseWriter, r *http.Request) {
	//conclint:ignore handlerblock deliberate delay against password guessing
	time.Sleep(time.Second)
}

// Not handlers: the signature is not a handler's.
func NotHandler(w http.ResponseWriter, r *http.Request, extra int) { // want NotHandler:"blocks: quiet.NotHandler -> time.Sleep"
	time.Sleep(time.Second)
}

func main() {
	http.HandleFunc("/", (&Server{}).Submit)
	time.Sleep(time.Second)
	select {}
}

// Polling until a deadline is a bounded wait whose bound the author chose,
// like a select with a timeout case.
func PollUntilDeadline(w http.ResponseWriter, r *http.Request) {
	end := time.Now().Add(50 * time.Millisecond)
	for time.Now().Before(end) {
		if ready() {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func PollWithTimeoutCheck(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	for !ready() {
		if time.Since(start) > 100*time.Millisecond {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func ready() bool { return true }

// A labelled break from a switch case out of the polling loop, and a panic
// when the clock check fires, both end the wait.
func PollBreakLabel(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
poll:
	for !ready() {
		switch {
		case time.Since(start) > time.Second:
			if time.Since(start) > 2*time.Second {
				break poll
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func PollPanic(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	for !ready() {
		if time.Since(start) > time.Second {
			panic(http.ErrAbortHandler)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
