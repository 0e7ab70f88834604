// Goroutines started by request handlers. // want package:`has functions that spawn`
package handlers

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/sync/errgroup"
)

func audit(string)         { net.Dial("tcp", "audit:1") }
func compute() int         { return 0 }
func serveConn(c net.Conn) { c.Write(nil) }

func Upload(w http.ResponseWriter, r *http.Request) {
	go audit(r.URL.Path) // want `^go statement in handler Upload starts a goroutine per request that nothing waits for or bounds, so under load goroutines pile up with traffic: hand the work to a fixed pool of workers fed by a channel, or bound it with a buffered-channel semaphore or golang.org/x/sync/semaphore$`
}

func Register(mux *http.ServeMux) {
	mux.HandleFunc("/x", func(w http.ResponseWriter, r *http.Request) {
		go audit("x") // want `go statement in handler func literal at handlers.go:\d+ starts a goroutine per request`
	})
}

func Gin(c *gin.Context) {
	go audit(c.FullPath()) // want `go statement in handler Gin starts a goroutine per request`
}

type Server struct {
	sem  chan struct{}
	jobs chan string
	once sync.Once
}

func (s *Server) refresh()        { audit("") }
func (s *Server) send(msg string) { audit(msg) }
func (s *Server) loop()           { audit("") }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	go s.refresh() // want `go statement in handler Server.ServeHTTP`
}

// A go statement in a bounded loop of a handler still runs per request.
func (s *Server) Replicate(w http.ResponseWriter, r *http.Request) {
	for _, peer := range []string{"a", "b"} {
		go s.send(peer) // want `go statement in handler Server.Replicate`
	}
}

// A go statement in an input-driven loop of a handler is reported once, for the loop.
func (s *Server) Batch(w http.ResponseWriter, r *http.Request) {
	for _, v := range r.URL.Query()["id"] {
		go s.send(v) // want `^go statement in the range loop over r.URL.Query\(\)\["id"\] starts one goroutine per element`
	}
}

// Through a helper of the same package.
func (s *Server) notify(msg string) { go s.send(msg) } // want notify:`spawns\(handlers\.Server\.notify -> go s\.send\)`

func (s *Server) notifyTwice(msg string) { s.notify(msg); s.notify(msg) } // want notifyTwice:`spawns\(handlers\.Server\.notifyTwice -> handlers\.Server\.notify -> go s\.send\)`

func (s *Server) Notify(w http.ResponseWriter, r *http.Request) {
	s.notify("x")      // want `^call to handlers.Server.notify in handler Server.Notify \(and handler Server.NotifyAgain\) starts a goroutine per request that nothing waits for or bounds \(handlers.Server.notify -> go s.send at handlers.go:\d+\), so under load goroutines pile up with traffic: hand the work to a fixed pool of workers fed by a channel, or bound it with a buffered-channel semaphore$`
	s.notifyTwice("y") // the same go statement: one finding, above
}

// A second handler that reaches the same go statement is named in the first
// finding, not reported again.
func (s *Server) NotifyAgain(w http.ResponseWriter, r *http.Request) {
	s.notifyTwice("z")
}

// --- quiet ---

// Fan out and wait: the goroutines end with the request.
func FanOutWait(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); audit("a") }()
	go func() { defer wg.Done(); audit("b") }()
	wg.Wait()
}

func ResultChan(w http.ResponseWriter, r *http.Request) {
	ch := make(chan int, 1)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		_ = v
	case <-r.Context().Done():
	}
}

func DeferWait(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() { defer wg.Done(); audit("a") }()
}

func ErrgroupWait(w http.ResponseWriter, r *http.Request) {
	g, _ := errgroup.WithContext(r.Context())
	g.Go(func() error { audit("a"); return nil })
	g.Go(func() error { audit("b"); return nil })
	if err := g.Wait(); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// Collect results through a channel closed by a waiting goroutine.
func Collect(w http.ResponseWriter, r *http.Request) {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, x := range []int{1, 2, 3} {
		wg.Add(1)
		go func() { defer wg.Done(); results <- x }()
	}
	go func() { wg.Wait(); close(results) }()
	for v := range results {
		_ = v
	}
}

// A semaphore bounds the per-request goroutines; a full one sheds load.
func (s *Server) Bounded(w http.ResponseWriter, r *http.Request) {
	select {
	case s.sem <- struct{}{}:
	default:
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	go func() {
		defer func() { <-s.sem }()
		audit("x")
	}()
}

// The recommended fix: hand the work to a fixed pool of workers.
func (s *Server) Enqueue(w http.ResponseWriter, r *http.Request) {
	s.jobs <- r.URL.Path
}

// Started once, not per request.
func (s *Server) Once(w http.ResponseWriter, r *http.Request) {
	s.once.Do(func() { go s.loop() })
}

func (s *Server) ensureLoop() { s.once.Do(func() { go s.loop() }) }

func (s *Server) OnceHelper(w http.ResponseWriter, r *http.Request) {
	s.ensureLoop()
}

// A handler that takes over its connection serves it like an accept loop.
func Hijacked(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	go serveConn(conn)
}

// A helper that waits for its goroutine does not outlive the call.
func syncHelper() {
	done := make(chan struct{})
	go func() { defer close(done); audit("x") }()
	<-done
}

func UsesSyncHelper(w http.ResponseWriter, r *http.Request) {
	syncHelper()
}

// Chains longer than handler -> helper -> helper -> go are not followed.
func deep3() { go audit("deep") } // want deep3:`spawns\(handlers\.deep3 -> go audit\)`
func deep2() { deep3() }          // want deep2:`spawns\(handlers\.deep2 -> handlers\.deep3 -> go audit\)`
func deep1() { deep2() }
func deep0() { deep1() }

func Deep(w http.ResponseWriter, r *http.Request) {
	deep0()
}

// A single go statement outside handlers.
func Start(s *Server) { // want Start:`spawns\(handlers\.Start -> go s\.loop\)`
	go s.loop()
}

// A watcher that ends with the request is bounded by the requests in flight.
func Stream(w http.ResponseWriter, r *http.Request) {
	var gone atomic.Bool
	go func() {
		<-r.Context().Done()
		gone.Store(true)
	}()
	for !gone.Load() {
		_, _ = w.Write([]byte("tick\n"))
		time.Sleep(time.Second)
	}
}

func StreamCtx(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go func() {
		select {
		case <-ctx.Done():
		}
		audit("gone")
	}()
}

// A goroutine waiting on a context of its own outlives the request.
func Detached(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	go func() { // want `go statement in handler Detached starts a goroutine per request`
		defer cancel()
		<-ctx.Done()
		audit("late")
	}()
}

// A helper returning a channel or a WaitGroup leaves waiting to its caller.
func startAsync(msg string) <-chan struct{} {
	done := make(chan struct{})
	go func() { defer close(done); audit(msg) }()
	return done
}

func startGroup(msg string) *sync.WaitGroup {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); audit(msg) }()
	return &wg
}

func Async(w http.ResponseWriter, r *http.Request) {
	<-startAsync("x")
	startGroup("y").Wait()
}

func DeferLitWait(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	defer func() {
		wg.Wait()
	}()
	wg.Add(1)
	go func() { defer wg.Done(); audit("a") }()
}

// A goroutine told to stop when its function returns (defer close(exit))
// ends with the call: a query's cancellation watcher, reached from two
// handlers, is no goroutine per request that outlives it.
func waitForDone(ctx context.Context, exit chan struct{}, f func()) {
	select {
	case <-exit:
	case <-ctx.Done():
		f()
	}
}

func evalQuery(ctx context.Context, q string) error {
	exit := make(chan struct{})
	defer close(exit)
	cancelled := atomic.Bool{}
	go waitForDone(ctx, exit, func() { cancelled.Store(true) })
	_, err := net.Dial("tcp", q)
	return err
}

func DataGet(w http.ResponseWriter, r *http.Request) {
	evalQuery(r.Context(), r.URL.Path)
}

func DataPost(w http.ResponseWriter, r *http.Request) {
	evalQuery(r.Context(), r.URL.Path)
}

var hits atomic.Int64

// A goroutine per request that does no I/O and waits for nothing costs a
// moment of CPU: nothing piles up behind it.
func Count(w http.ResponseWriter, r *http.Request) {
	go func() { hits.Add(1) }()
}
