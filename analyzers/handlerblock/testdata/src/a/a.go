// Package a has request handlers that block without the request's context,
// directly and through calls into package deep and its own helpers.
package a

import (
	"context"
	"net/http"
	"sync"
	"time"

	"deep"

	"github.com/gorilla/websocket"
)

// Direct operations.

func Slow(w http.ResponseWriter, r *http.Request) {
	time.Sleep(time.Second) // want `time.Sleep in handler Slow blocks without the request's context and keeps waiting after the client has gone: wait in a select on a time.Timer's channel and a case <-r.Context\(\).Done\(\) instead`
}

func After(w http.ResponseWriter, r *http.Request) {
	<-time.After(time.Second) // want `<-time.After in handler After blocks without the request's context .*: receive from it in a select with a case <-r.Context\(\).Done\(\)`
}

type Server struct {
	jobs     chan string
	results  chan string
	events   chan string
	cond     *sync.Cond
	quit     chan struct{}
	reloadCh chan chan error
}

func (s *Server) Enqueue(w http.ResponseWriter, r *http.Request) {
	s.jobs <- r.URL.Path // want `send on s.jobs in handler Server.Enqueue blocks without the request's context .*: send in a select with a case <-r.Context\(\).Done\(\)`
	res := <-s.results   // want `receive from s.results in handler Server.Enqueue blocks without the request's context .*: receive in a select with a case <-r.Context\(\).Done\(\)`
	_, _ = w.Write([]byte(res))
}

func (s *Server) Stream(w http.ResponseWriter, r *http.Request) {
	for ev := range s.events { // want `range over s.events in handler Server.Stream blocks .*: receive in a loop around a select with a case <-r.Context\(\).Done\(\)`
		_, _ = w.Write([]byte(ev))
	}
}

func (s *Server) Shutdownable(w http.ResponseWriter, r *http.Request) {
	select { // want `select in handler Server.Shutdownable has no default and no case for the request's cancellation, so it keeps waiting after the client has gone: add a case <-r.Context\(\).Done\(\)`
	case s.jobs <- "x":
	case <-s.quit:
	}
}

func (s *Server) Cond(w http.ResponseWriter, r *http.Request) {
	s.cond.L.Lock()
	s.cond.Wait() // want `sync.Cond.Wait in handler Server.Cond blocks without the request's context`
	s.cond.L.Unlock()
}

// A context derived from the request's is the one named in the fix.
func Derived(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	_ = ctx
	time.Sleep(time.Second) // want `time.Sleep in handler Derived .* a case <-ctx.Done\(\) instead`
}

// An unnamed request parameter: the fix cannot name it.
func Unnamed(w http.ResponseWriter, _ *http.Request) {
	time.Sleep(time.Second) // want `time.Sleep in handler Unnamed .* a case on the request context's Done\(\) instead`
}

// Through calls, in this package and in deep.

// A chain inside the package is reported at its deepest call, the sleep.
func (s *Server) pause() { time.Sleep(time.Second) } // want `time.Sleep in a.Server.pause blocks handler Server.Paused without the request's context: a.Server.wait -> a.Server.pause -> time.Sleep at a.go:\d+; pass the request's context down to a.Server.pause and wait in a select with a case on its Done\(\)`

func (s *Server) wait() { s.pause() }

func (s *Server) Paused(w http.ResponseWriter, r *http.Request) {
	s.wait()
}

func Retrying(w http.ResponseWriter, r *http.Request) {
	_ = deep.Retry(func() error { return nil }) // want `call to deep.Retry blocks without the request's context: deep.Retry -> deep.Backoff -> time.Sleep at deep.go:\d+`
	var q *deep.Queue
	q.WaitReady()                     // a wait for a state: not on its ordinary path
	q.SubmitSlowly("x")               // want `call to deep.Queue.SubmitSlowly blocks .*: deep.Queue.SubmitSlowly -> time.Sleep`
	deep.Tick()                       // want `call to deep.Tick blocks .*: deep.Tick -> <-t.C`
	deep.TimerSelect(1)               // want `call to deep.TimerSelect blocks .*: deep.TimerSelect -> select on timers only`
	deep.SleepCtx(r.Context())        // want `call to deep.SleepCtx blocks without the request's context: deep.SleepCtx -> time.Sleep at deep.go:\d+; it is given r.Context\(\) but does not watch it there: wait in a select with a case on its Done\(\)`
	deep.Ping(1)                      // want `call to deep.Ping blocks .*: deep.Ping -> deep.Pong -> time.Sleep`
	deep.Pause()                      // want `call to deep.Pause blocks .*: deep.Pause -> deep.pause -> time.Sleep`
	deep.Each([]int{1}, func(int) {}) // want `call to deep.Each blocks .*: deep.Each -> time.Sleep`
	deep.L1()                         // want `call to deep.L1 blocks .*: deep.L1 -> deep.L2 -> deep.L3 -> deep.L4 -> deep.L5 -> deep.L6 -> \.\.\. -> time.Sleep at deep.go:\d+`
	deep.Deferred()                   // want `call to deep.Deferred blocks`
	deep.InPlace()                    // want `call to deep.InPlace blocks`
	deep.GoArgs()                     // want `call to deep.GoArgs blocks`
}

// Channel waits are followed through the package's own functions.
func (s *Server) submit(job string) { s.enqueue(job) }

func (s *Server) enqueue(job string) { s.jobs <- job } // want `send on s.jobs in a.Server.enqueue blocks handler Server.Submit without the request's context: a.Server.submit -> a.Server.enqueue -> send on s.jobs at a.go:\d+`

func (s *Server) Submit(w http.ResponseWriter, r *http.Request) {
	s.submit(r.URL.Path)
}

// Deeper channel waits are the package's internals: not reported.
func (s *Server) deeper(job string) { s.submit(job) }

func (s *Server) Deeper(w http.ResponseWriter, r *http.Request) {
	s.deeper(r.URL.Path)
}

// A local helper that calls into deep carries deep's chain; the finding is
// at its first call into deep, where the chain leaves the package.
func backoffTwice() {
	deep.Snooze(1) // want `call to deep.Snooze in a.backoffTwice blocks handler Twice without the request's context: a.backoffTwice -> deep.Snooze -> time.Sleep at deep.go:\d+; pass the request's context down to a.backoffTwice and wait`
	deep.Snooze(2)
}

func Twice(w http.ResponseWriter, r *http.Request) {
	backoffTwice()
}

// Handlers registered inline, and middleware's inner handlers.
func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Second) // want `time.Sleep in handler func literal at a.go:\d+ blocks`
	})
	mux.Handle("/retry", http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		deep.Doze() // want `call to deep.Doze blocks .*; pass req.Context\(\) down`
	}))
}

func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(10 * time.Millisecond) // want `time.Sleep in handler func literal at a.go:\d+ blocks`
		next.ServeHTTP(w, r)
	})
}

// A literal called in place and a deferred call run on the request's path.
func InPlace(w http.ResponseWriter, r *http.Request) {
	func() {
		time.Sleep(time.Second) // want `time.Sleep in handler InPlace blocks`
	}()
	defer deep.Rest() // want `call to deep.Rest blocks`
}

// A select whose only case is a timer is a sleep.
func TimerSelect(w http.ResponseWriter, r *http.Request) {
	select { // want `select on timers only in handler TimerSelect blocks without the request's context .*: add a case <-r.Context\(\).Done\(\)`
	case <-time.After(time.Second):
	}
}

// A ticker is not a timeout: this loop never ends while events come.
func (s *Server) Events(w http.ResponseWriter, r *http.Request) {
	tk := time.NewTicker(time.Second)
	for {
		select { // want `select in handler Server.Events has no default and no case for the request's cancellation`
		case ev := <-s.events:
			_, _ = w.Write([]byte(ev))
		case <-tk.C:
			_, _ = w.Write([]byte("keep-alive"))
		}
	}
}

// Waiting on a timer's channel.
func Timer(w http.ResponseWriter, r *http.Request) {
	t := time.NewTimer(time.Second)
	<-t.C // want `<-t.C in handler Timer blocks`
	tk := time.NewTicker(time.Second)
	for range tk.C { // want `range over tk.C in handler Timer blocks .*: receive in a loop around a select with a case <-r.Context\(\).Done\(\)`
	}
}

// A channel the handler makes but hands to a long-lived worker is not its
// own: the worker may be busy with other requests. The round trip is one
// finding, at the send: once the worker took the request, the reply is the
// rest of the same wait.
type request struct{ reply chan string }

func (s *Server) AskWorker(w http.ResponseWriter, r *http.Request) {
	reply := make(chan string, 1)
	s.jobsReq() <- request{reply: reply} // want `send on s.jobsReq\(\) in handler Server.AskWorker blocks`
	_, _ = w.Write([]byte(<-reply))
}

// The reload round trip: the reply channel itself is sent.
func (s *Server) Reload(w http.ResponseWriter, _ *http.Request) {
	rc := make(chan error)
	s.reloadCh <- rc // want `send on s.reloadCh in handler Server.Reload blocks`
	if err := <-rc; err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// A handoff that gives up with the request leaves the reply wait as the
// only wait that ignores it: reported.
func (s *Server) AskWorkerCancel(w http.ResponseWriter, r *http.Request) {
	reply := make(chan string, 1)
	select {
	case s.jobsReq() <- request{reply: reply}:
	case <-r.Context().Done():
		return
	}
	_, _ = w.Write([]byte(<-reply)) // want `receive from reply in handler Server.AskWorkerCancel blocks`
}

// A reply channel that was not handed over in the send waits on its own.
func (s *Server) AskOther(w http.ResponseWriter, r *http.Request) {
	reply := make(chan string, 1)
	s.jobs <- "ask" // want `send on s.jobs in handler Server.AskOther blocks`
	s.register(reply)
	_, _ = w.Write([]byte(<-reply)) // want `receive from reply in handler Server.AskOther blocks`
}

func (s *Server) register(chan string) {}

func (s *Server) jobsReq() chan request { return nil }

// A channel captured from the enclosing function is shared by all requests:
// acquiring a token waits for other requests to finish.
func Shared() http.HandlerFunc {
	tokens := make(chan struct{}, 10)
	return func(w http.ResponseWriter, r *http.Request) {
		tokens <- struct{}{}        // want `send on tokens in handler func literal at a.go:\d+ blocks`
		defer func() { <-tokens }() // releasing the token does not wait
	}
}

// Waits before a WebSocket upgrade are the request's.
func (s *Server) ServeWS(w http.ResponseWriter, r *http.Request) {
	s.jobs <- "connect" // want `send on s.jobs in handler Server.ServeWS blocks`
	var up websocket.Upgrader
	if _, err := up.Upgrade(w, r, nil); err != nil {
		return
	}
	<-s.quit
}

// A clock read that does not end the loop does not bound it.
func PollLogging(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	for {
		if time.Since(start) > time.Second {
			start = time.Now() // logs progress, keeps polling
		}
		time.Sleep(10 * time.Millisecond) // want `time.Sleep in handler PollLogging blocks`
	}
}

// A parenthesised literal is called in place all the same (control.LitRun
// looks through parentheses).
func InPlaceParen(w http.ResponseWriter, r *http.Request) {
	(func() {
		time.Sleep(time.Second) // want `time.Sleep in handler InPlaceParen blocks`
	})()
}

// A break in a switch case leaves the switch, not the polling loop: the
// clock check does not end the wait (control.Leaves).
func PollBreakInSwitch(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	for !pollReady() {
		switch {
		case time.Since(start) > time.Second:
			if time.Since(start) > 2*time.Second {
				break
			}
		}
		time.Sleep(10 * time.Millisecond) // want `time.Sleep in handler PollBreakInSwitch blocks`
	}
}

// A goto to a label inside the loop does not leave it.
func PollGotoInside(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	for !pollReady() {
	again:
		if time.Since(start) > time.Second {
			start = time.Now()
			goto again
		}
		time.Sleep(10 * time.Millisecond) // want `time.Sleep in handler PollGotoInside blocks`
	}
}

func pollReady() bool { return false }

// One root cause, one finding: the handlers whose calls end at the same
// operation are reported once, at the deepest call in this package,
// naming them, with their calls as related positions.
func (s *Server) serveFile(name string) {
	deep.Open(name) // want `call to deep.Open in a.Server.serveFile blocks handlers Server.Get, Server.Head and 1 more without the request's context: a.Server.serveFile -> deep.Open -> time.Sleep at deep.go:\d+; pass the request's context down to a.Server.serveFile`
}

func (s *Server) Get(w http.ResponseWriter, r *http.Request)   { s.serveFile(r.URL.Path) }
func (s *Server) Head(w http.ResponseWriter, r *http.Request)  { s.serveFile(r.URL.Path) }
func (s *Server) Index(w http.ResponseWriter, r *http.Request) { s.serveFile("index.html") }

// Handlers calling a function of another package directly: one finding at
// the first call, naming the others.
func Lull1(w http.ResponseWriter, r *http.Request) {
	deep.Lull() // want `call to deep.Lull blocks without the request's context \(also from handlers Lull2 and Lull3\): deep.Lull -> time.Sleep at deep.go:\d+; pass r.Context\(\) down`
}

func Lull2(w http.ResponseWriter, r *http.Request) { deep.Lull() }
func Lull3(w http.ResponseWriter, r *http.Request) { deep.LullLater() }

// Waits under conditions the handler controls are reported; under its
// configuration they are not.
type Configured struct {
	slow bool
	cfg  deep.Config
}

func (c *Configured) Const(w http.ResponseWriter, r *http.Request) {
	deep.Throttle(true) // want `call to deep.Throttle blocks`
}

func (c *Configured) Method(w http.ResponseWriter, r *http.Request) {
	deep.Dial("x", deep.Config{Proxy: r.Method}) // want `call to deep.Dial blocks`
}

func (c *Configured) Field(w http.ResponseWriter, r *http.Request) {
	deep.Throttle(c.slow)
	deep.Dial("x", c.cfg)
	var st deep.Store
	st.ThrottleConfigured()
	st.Load()
	deep.Trace()
	_ = deep.OnError()
	_ = deep.Save(nil, 3)
	_, _ = st.WaitValid()
	st.Poll()
	deep.OnSignal(nil)
	_ = deep.PollCtx(r.Context(), 3)
	c.load()
}

func (c *Configured) load() {
	if c.slow {
		time.Sleep(time.Second)
	}
}

func (c *Configured) Guarded(w http.ResponseWriter, r *http.Request) {
	_ = deep.Guarded(r.URL.Path) // want `call to deep.Guarded blocks`
}

// A signal channel passed in is the caller's way to stop the wait.
func (s *Server) sendOrDone(done <-chan struct{}, job string) {
	select {
	case s.jobs <- job:
	case <-done:
	}
}

func (s *Server) Signalled(w http.ResponseWriter, r *http.Request) {
	s.sendOrDone(r.Context().Done(), r.URL.Path)
}

// A wrapper around w is not a writer handed off: a wait on anything else
// after it is the handler's own.
type recorder struct {
	http.ResponseWriter
	status int
}

func (s *Server) Wrapped(w http.ResponseWriter, r *http.Request) {
	rw := &recorder{ResponseWriter: w, status: 200}
	_ = rw
	<-s.quit // want `receive from s.quit in handler Server.Wrapped blocks`
}
