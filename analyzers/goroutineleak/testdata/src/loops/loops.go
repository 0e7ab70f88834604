package loops

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"
)

// Positive: a keepalive loop per connection, with no way out.
func (s *Server) handleConn(conn net.Conn) {
	go func() {
		t := time.NewTicker(time.Second)
		for { // want `this loop has no way out \(no return, break or stop case\) and runs in the goroutine started at line 13, per connection \(Server.handleConn takes conn net.Conn\)`
			select {
			case <-t.C:
				conn.Write([]byte("ping"))
			}
		}
	}()
	s.serve(conn)
}

type Server struct {
	ln   net.Listener
	stop chan struct{}
	wg   sync.WaitGroup
}

func (s *Server) serve(conn net.Conn) {}

// Positive: a cache with Close whose janitor nothing stops.
type Cache struct {
	mu    sync.Mutex
	items map[string]string
}

func NewCache() *Cache {
	c := &Cache{items: map[string]string{}}
	go c.janitor()
	return c
}

func (c *Cache) janitor() {
	for { // want `this loop has no way out .* goroutine started at line 41, per Cache object \(Cache has Close: its objects are made and stopped\)`
		time.Sleep(time.Minute)
		c.mu.Lock()
		clear(c.items)
		c.mu.Unlock()
	}
}

func (c *Cache) Close() error { return nil }

// Positive: the stop channel is made but Close forgets to close it.
type Watcher struct {
	stop chan struct{}
	path string
}

func NewWatcher(path string) *Watcher {
	w := &Watcher{stop: make(chan struct{}), path: path}
	go w.run()
	return w
}

func (w *Watcher) run() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for { // want `the only way out of this loop, case <-w.stop \(line 73\), waits on Watcher.stop, which nothing in this package closes or sends on: the goroutine started at line 64 never ends`
		select {
		case <-w.stop:
			return
		case <-t.C:
			w.poll()
		}
	}
}

func (w *Watcher) poll() {}

func (w *Watcher) Close() error { return nil }

// Positive: the quit channel is never made: a nil channel never delivers.
type Pinger struct {
	quit chan struct{}
	addr string
}

func (p *Pinger) Start() {
	go func() {
		for { // want `the only way out of this loop, case <-p.quit \(line 95\), waits on Pinger.quit, which is never given a channel`
			select {
			case <-p.quit:
				return
			case <-time.After(time.Second):
			}
		}
	}()
}

// Positive: break leaves the select, not the loop.
type Poller struct{ interval time.Duration }

func (p *Poller) Run(ctx context.Context) {
	go func() {
		t := time.NewTicker(p.interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				break // want `case <-ctx.Done\(\) does not end the goroutine started at line 107: break leaves only the select, not the for loop`
			case <-t.C:
				p.poll()
			}
		}
	}()
}

func (p *Poller) poll() {}

// Positive: the stop case logs and goes on.
func (p *Poller) RunLogging(ctx context.Context, logf func(string)) {
	go func() {
		for {
			select {
			case <-ctx.Done(): // want `case <-ctx.Done\(\) does not end the goroutine started at line 125: its body does not return`
				logf("stopping")
			case <-time.After(p.interval):
				p.poll()
			}
		}
	}()
}

// Positive: a worker per reload ranges over a channel nothing closes.
type Manager struct {
	mu sync.Mutex
}

type job struct{ name string }

func (m *Manager) Reload(names []string) {
	jobs := make(chan job)
	go func() {
		for j := range jobs { // want `this range over jobs ends only when jobs is closed, and nothing in this package closes it: the goroutine started at line 146, per reload \(Manager.Reload\), never ends`
			m.run(j)
		}
	}()
	for _, n := range names {
		jobs <- job{n}
	}
}

func (m *Manager) run(job) {}

// Positive: started from a request handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	go s.refresh()
}

func (s *Server) refresh() {
	for { // want `this loop has no way out .* per request \(Server.ServeHTTP is a request handler\)`
		time.Sleep(time.Second)
	}
}

// Negative: the loop exits on ctx.Done() of a context its owner cancels.
type Syncer struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func NewSyncer() *Syncer {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Syncer{cancel: cancel, done: make(chan struct{})}
	go s.loop(ctx)
	return s
}

func (s *Syncer) loop(ctx context.Context) {
	defer close(s.done)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Syncer) Close() error {
	s.cancel()
	<-s.done
	return nil
}

// Negative: the stop channel is closed in Stop of the same type.
type Reporter struct {
	stop chan struct{}
	once sync.Once
}

func NewReporter() *Reporter {
	r := &Reporter{stop: make(chan struct{})}
	go r.run()
	return r
}

func (r *Reporter) run() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
		}
	}
}

func (r *Reporter) Stop() { r.once.Do(func() { close(r.stop) }) }

// Negative: a labelled break leaves the loop.
func (p *Poller) RunLabelled(ctx context.Context) {
	go func() {
	loop:
		for {
			select {
			case <-ctx.Done():
				break loop
			case <-time.After(p.interval):
				p.poll()
			}
		}
	}()
}

// Negative: the worker ranges over a channel its producer closes in a defer.
func (m *Manager) Process(names []string) {
	jobs := make(chan job)
	go func() {
		for j := range jobs {
			m.run(j)
		}
	}()
	defer close(jobs)
	for _, n := range names {
		jobs <- job{n}
	}
}

// Negative: the loop leaves on the listener's error.
func (s *Server) Serve() {
	go func() {
		for {
			conn, err := s.ln.Accept()
			if err != nil {
				return
			}
			go s.handleConn(conn)
		}
	}()
}

// Negative: a package-level janitor started once, through sync.Once.
var (
	janitorOnce sync.Once
	shared      = map[string]int{}
	sharedMu    sync.Mutex
)

func Get(k string) int {
	janitorOnce.Do(func() {
		go func() {
			for {
				time.Sleep(time.Minute)
				sharedMu.Lock()
				clear(shared)
				sharedMu.Unlock()
			}
		}()
	})
	sharedMu.Lock()
	defer sharedMu.Unlock()
	return shared[k]
}

// Negative: workers started in a loop over a fixed count by an exported
// function nobody in the package calls: nothing says it runs again.
func StartWorkers(n int, work <-chan func()) {
	for i := 0; i < n; i++ {
		go func() {
			for f := range work {
				f()
			}
		}()
	}
}

// Negative: the stop case returns after a nested select.
func (w *Watcher) runNested(ctx context.Context) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				select {
				case <-w.stop:
				default:
				}
				return
			case <-time.After(time.Second):
			}
		}
	}()
}

// Negative: the loop panics when done (an exit too).
func (p *Poller) RunOrPanic(ctx context.Context) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				panic("stopped")
			case <-time.After(p.interval):
			}
		}
	}()
}

type item struct{ id int }

// Positive: workers per call range over a channel the caller never closes.
func (m *Manager) Handle(items []item) {
	jobs := make(chan item)
	for i := 0; i < 4; i++ {
		go func() {
			for it := range jobs { // want `this range over jobs ends only when jobs is closed, and nothing in this package closes it: the goroutine started at line 340, once per call of Manager.Handle, never ends`
				_ = it
			}
		}()
	}
	for _, it := range items {
		jobs <- it
	}
}

// Negative: the same, closed when the items are sent.
func (m *Manager) HandleClosed(items []item) {
	jobs := make(chan item)
	for i := 0; i < 4; i++ {
		go func() {
			for it := range jobs {
				_ = it
			}
		}()
	}
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
}
