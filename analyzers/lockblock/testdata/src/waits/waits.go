// Package waits holds locks across waits: the findings are the waits whose // want package:"lockblock"
// other side needs the lock, sleeps, and Cond waits on another lock.
package waits

import (
	"context"
	"net"
	"os"
	"sync"
	"time"
)

// Positive: the worker that receives from s.podStatus locks s.mu, and
// SetPodStatus holds s.mu while it sends (kubernetes#10182).
type statusManager struct {
	mu        sync.Mutex
	podStatus chan bool
	statuses  map[string]bool
}

func (s *statusManager) Start() {
	go func() {
		for range s.podStatus {
			s.deleteStatus()
		}
	}()
}

func (s *statusManager) deleteStatus() {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.statuses, "x")
}

func (s *statusManager) SetPodStatus() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statuses["x"] = true
	s.podStatus <- true // want `send on s\.podStatus while holding s\.mu \(locked at line 36\), and the receiver, statusManager\.Start \(func literal\) locks s\.mu \(statusManager\.deleteStatus -> s\.mu\.Lock at waits\.go:30\): each waits for the other forever; unlock before sending`
}

// Positive: Stop waits for the loop goroutine while holding the lock the
// loop takes on each event.
type server struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	quit    chan struct{}
	events  chan int
	counter int
}

func (s *server) Start() {
	s.wg.Add(1)
	go s.loop()
}

func (s *server) loop() {
	defer s.wg.Done()
	for {
		select {
		case <-s.quit:
			return
		case e := <-s.events:
			s.mu.Lock()
			s.counter += e
			s.mu.Unlock()
		}
	}
}

func (s *server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.quit)
	s.wg.Wait() // want `s\.wg\.Wait\(\) waits while holding s\.mu \(locked at line 72\), and a goroutine it waits for, server\.loop locks s\.mu: Wait never returns; unlock before waiting`
}

// Positive: waiting for a goroutine's close while holding the lock its
// loop needs (etcd#6873).
type broadcasts struct {
	mu      sync.Mutex
	updatec chan int
	donec   chan struct{}
	last    int
}

func newBroadcasts() *broadcasts {
	b := &broadcasts{updatec: make(chan int, 1), donec: make(chan struct{})}
	go func() {
		defer close(b.donec)
		for u := range b.updatec {
			b.coalesce(u)
		}
	}()
	return b
}

func (b *broadcasts) coalesce(u int) {
	b.mu.Lock()
	b.last = u
	b.mu.Unlock()
}

func (b *broadcasts) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.updatec)
	<-b.donec // want `receive from b\.donec while holding b\.mu \(locked at line 105\), and the sender, newBroadcasts \(func literal\) locks b\.mu \(broadcasts\.coalesce -> b\.mu\.Lock at waits\.go:99\): each waits for the other forever; unlock before receiving`
}

// Positive: the wait is in a helper called with the lock held.
type queue struct {
	mu    sync.Mutex
	items chan int
	n     int
}

func (q *queue) push(v int) { q.items <- v }

func (q *queue) Add(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.n++
	q.push(v) // want `call to q\.push \(queue\.push -> send on q\.items at waits\.go:118\) waits while holding q\.mu \(locked at line 121\), and the receiver, queue\.drain locks q\.mu: each waits for the other forever; unlock before sending`
}

func (q *queue) drain() {
	for v := range q.items {
		q.mu.Lock()
		q.n -= v
		q.mu.Unlock()
	}
}

// Positive: a sleep under a lock stalls every other user.
type limiter struct {
	mu   sync.Mutex
	last time.Time
}

func (l *limiter) Wait() { // want Wait:`waits time\.Sleep`
	l.mu.Lock()
	defer l.mu.Unlock()
	time.Sleep(time.Second) // want `time\.Sleep while holding l\.mu \(locked at line 142\): every other user of l\.mu waits out the whole sleep; unlock before sleeping`
	l.last = time.Now()
}

func backoff(d time.Duration) { time.Sleep(d) }

func (l *limiter) Retry() { // want Retry:`waits backoff -> time\.Sleep`
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := 0; i < 3; i++ {
		backoff(time.Duration(i) * time.Second) // want `call to backoff \(backoff -> time\.Sleep at waits\.go:148\) sleeps while holding l\.mu \(locked at line 151\): every other user of l\.mu waits out the whole sleep; unlock before sleeping`
	}
}

// Positive: a Cond.Wait on another lock's Cond keeps the held lock
// (kubernetes#58107).
type workQueue struct {
	cond  *sync.Cond
	items []int
}

func newWorkQueue() *workQueue {
	return &workQueue{cond: sync.NewCond(&sync.Mutex{})}
}

func (q *workQueue) Get() int { // want Get:`waits q\.cond\.Wait\(\)`
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

func (q *workQueue) Put(v int) {
	q.cond.L.Lock()
	q.items = append(q.items, v)
	q.cond.L.Unlock()
	q.cond.Signal()
}

type controller struct {
	workerLock sync.RWMutex
	queue      *workQueue
}

func (c *controller) worker() {
	c.workerLock.RLock()
	defer c.workerLock.RUnlock()
	c.queue.Get() // want `call to c\.queue\.Get \(workQueue\.Get -> q\.cond\.Wait\(\) at waits\.go:173\) waits on a Cond while holding c\.workerLock \(read-locked at line 193\), and Wait releases only the Cond's own lock: c\.workerLock stays held until a Signal that may need it; unlock before waiting`
}

// Negative: a Cond.Wait on its own lock is how a Cond works.
type buffer struct {
	mu    sync.Mutex
	cond  *sync.Cond
	data  []byte
	ready bool
}

func newBuffer() *buffer {
	b := &buffer{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *buffer) Read() []byte { // want Read:`waits b\.cond\.Wait\(\)`
	b.mu.Lock()
	defer b.mu.Unlock()
	for !b.ready {
		b.cond.Wait()
	}
	return b.data
}

func (b *buffer) Write(p []byte) {
	b.mu.Lock()
	b.data, b.ready = p, true
	b.mu.Unlock()
	b.cond.Broadcast()
}

// Negative: a hand-off to a worker that does not need the lock: the worker
// completes the send whatever the lock.
type dispatcher struct {
	mu      sync.Mutex
	jobs    chan func()
	pending int
}

func (d *dispatcher) run() {
	for j := range d.jobs {
		j()
	}
}

func (d *dispatcher) Submit(j func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending++
	d.jobs <- j
}

// Negative: a buffered queue with a drop when full.
type metrics struct {
	mu     sync.Mutex
	events chan int
	drops  int
}

func (m *metrics) Record(v int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	select {
	case m.events <- v:
	default:
		m.drops++
	}
}

func (m *metrics) consume() {
	for v := range m.events {
		m.mu.Lock()
		_ = v
		m.mu.Unlock()
	}
}

// Negative: a channel operation with ctx.Done as a way out.
type notifier struct {
	mu   sync.Mutex
	out  chan string
	subs int
}

func (n *notifier) Notify(ctx context.Context, msg string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	select {
	case n.out <- msg:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (n *notifier) reader() {
	for m := range n.out {
		n.mu.Lock()
		_ = m
		n.subs++
		n.mu.Unlock()
	}
}

// Negative: a channel op with a timeout.
func (n *notifier) NotifyTimeout(msg string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	select {
	case n.out <- msg:
		return true
	case <-time.After(time.Second):
		return false
	}
}

// Negative: a mutex that serialises writes to one connection; holding it
// across the write is the point.
type conn struct {
	wmu sync.Mutex
	c   net.Conn
}

func (c *conn) WriteFrame(p []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err := c.c.Write(p)
	return err
}

// Negative: the same for a file.
type logFile struct {
	mu sync.Mutex
	f  *os.File
}

func (l *logFile) Append(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.f.WriteString(line + "\n")
	l.f.Sync()
}

// Negative: a short constant pause under a lock.
type spinner struct {
	mu sync.Mutex
	n  int
}

func (s *spinner) Step() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	time.Sleep(time.Millisecond)
}

// Negative: the sleep comes after the Unlock.
func (l *limiter) Pace() {
	l.mu.Lock()
	next := l.last.Add(time.Second)
	l.mu.Unlock()
	time.Sleep(time.Until(next))
}

// Negative: a WaitGroup whose goroutines do not take the lock.
type batch struct {
	mu      sync.Mutex
	results []int
}

func (b *batch) Run(items []int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var wg sync.WaitGroup
	out := make([]int, len(items))
	for i, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = it * 2
		}()
	}
	wg.Wait()
	b.results = out
}

// Negative: a receiver that locks, but a second receiver does not: the
// send can always complete through it.
type fanout struct {
	mu  sync.Mutex
	ch  chan int
	sum int
}

func (f *fanout) Put(v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ch <- v
}

func (f *fanout) lockedReader() {
	for v := range f.ch {
		f.mu.Lock()
		f.sum += v
		f.mu.Unlock()
	}
}

func (f *fanout) plainReader(out chan<- int) {
	for v := range f.ch {
		out <- v
	}
}

// Negative: read locks on both sides do not exclude each other.
type registry struct {
	mu      sync.RWMutex
	updates chan string
	names   map[string]bool
}

func (r *registry) Snapshot() {
	r.mu.RLock()
	defer r.mu.RUnlock()
	r.updates <- "snapshot"
}

func (r *registry) watch() {
	for u := range r.updates {
		r.mu.RLock()
		_ = r.names[u]
		r.mu.RUnlock()
	}
}

// Negative: the Unlock comes before the wait on every path.
func (s *server) Drain() {
	s.mu.Lock()
	s.counter = 0
	s.mu.Unlock()
	s.wg.Wait()
}
