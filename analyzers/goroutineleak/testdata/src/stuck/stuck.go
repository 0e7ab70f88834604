package stuck

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"time"
)

type Address struct{ Addr string }

type Balancer interface {
	Notify() <-chan []Address
}

type ClientConn struct {
	balancer Balancer
	mu       sync.Mutex
	conns    map[Address]bool
}

// Positive: the watcher is handed doneChan but never closes it (grpc's
// lbWatcher, reduced).
func Dial(b Balancer) *ClientConn {
	cc := &ClientConn{balancer: b, conns: map[Address]bool{}}
	doneChan := make(chan struct{})
	go cc.lbWatcher(doneChan)
	<-doneChan // want `this receive from doneChan blocks forever: nothing in this package sends on doneChan or closes it, so every goroutine that gets here leaks`
	return cc
}

func (cc *ClientConn) lbWatcher(doneChan chan struct{}) {
	for addrs := range cc.balancer.Notify() {
		cc.mu.Lock()
		for _, a := range addrs {
			cc.conns[a] = true
		}
		cc.mu.Unlock()
	}
}

// Positive: Wait waits for a channel that Close forgets to close.
type Server struct {
	done   chan struct{}
	ready  chan struct{}
	result chan error
}

func NewServer() *Server {
	return &Server{done: make(chan struct{}), result: make(chan error)}
}

func (s *Server) Wait() {
	<-s.done // want `this receive from s.done blocks forever: nothing in this package sends on Server.done or closes it`
}

func (s *Server) Close() error { return nil }

// Positive: ready is never made: a nil channel never delivers.
func (s *Server) WaitReady(ctx context.Context) error {
	select { // want `this select blocks forever: Server.ready is never given a channel`
	case <-s.ready:
		return nil
	}
}

// Positive: nobody receives from result; the goroutine's send blocks.
func (s *Server) Start() {
	go func() {
		s.result <- s.run() // want `this send on s.result blocks forever: Server.result is unbuffered and nothing in this package receives from it`
	}()
}

func (s *Server) run() error { return nil }

// Negative: a channel handed out receive-only by an exported method:
// callers receive from it.
type Watch struct {
	events chan string
	stop   chan struct{}
}

func NewWatch() *Watch {
	w := &Watch{events: make(chan string), stop: make(chan struct{})}
	go w.loop()
	return w
}

func (w *Watch) Events() <-chan string { return w.events }

func (w *Watch) loop() {
	for {
		select {
		case w.events <- "tick":
		case <-w.stop:
			return
		}
	}
}

func (w *Watch) Stop() { close(w.stop) }

// Negative: the channel is given to signal.Notify, which sends on it.
func WaitSignal(ctx context.Context) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

// Negative: the channel is closed by the goroutine that finishes the work.
func Run(work func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		work()
	}()
	<-done
}

// Negative: a non-blocking receive.
func (s *Server) Poll() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// Negative: the receive has a timeout.
type Conn struct{ closed chan struct{} }

func (c *Conn) WaitClosed(d time.Duration) bool {
	select {
	case <-c.closed:
		return true
	case <-time.After(d):
		return false
	}
}

// Negative: channels kept in a map: where they go is not followed.
type Registry struct {
	mu      sync.Mutex
	waiters map[string]chan struct{}
}

func (r *Registry) Wait(key string) {
	ch := make(chan struct{})
	r.mu.Lock()
	r.waiters[key] = ch
	r.mu.Unlock()
	<-ch
}

func (r *Registry) Wake(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	close(r.waiters[key])
}

// Negative: the field is assigned from a parameter of an exported
// function: its sender is the caller's.
type Stream struct{ in chan []byte }

func NewStream(in chan []byte) *Stream { return &Stream{in: in} }

func (s *Stream) Read() []byte { return <-s.in }

// Negative: a channel received from a channel of channels.
type Node struct{ status chan chan int }

func NewNode() *Node { return &Node{status: make(chan chan int)} }

func (n *Node) Status() int {
	c := make(chan int)
	n.status <- c
	return <-c
}

func (n *Node) Run() {
	for c := range n.status {
		c <- 1
	}
}

type response struct{ v any }

type pipelined struct{}

func (p *pipelined) complete(v any) {}

// Negative: the channel comes out of an interface through a type switch
// (nats' JS API replies).
func dispatch(waiter any, v any) {
	switch to := waiter.(type) {
	case chan *response:
		to <- &response{v}
	case *pipelined:
		to.complete(v)
	}
}

// Positive: nobody receives from the buffered results; the sends, one per
// event, fill it (kubernetes' cacheWatcher, reduced).
type cacheWatcher struct {
	mu     sync.Mutex
	input  chan int
	result chan int
}

func newCacheWatcher(size int, initial []int) *cacheWatcher {
	w := &cacheWatcher{input: make(chan int, size), result: make(chan int, size)}
	go w.process(initial)
	return w
}

func (w *cacheWatcher) process(initial []int) {
	for _, ev := range initial {
		w.send(ev)
	}
	defer close(w.result)
	for range w.input {
	}
}

func (w *cacheWatcher) send(ev int) {
	w.result <- ev // want `this send on w.result blocks forever once the buffer of cacheWatcher.result is full`
}

func (w *cacheWatcher) Stop() { close(w.input) }

// Negative: a buffered channel nobody reads, sent on once: useless, but
// the goroutine ends.
type once struct{ errc chan error }

func (o *once) Start(f func() error) {
	o.errc = make(chan error, 1)
	go func() { o.errc <- f() }()
}
