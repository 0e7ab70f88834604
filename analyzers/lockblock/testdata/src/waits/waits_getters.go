package waits

import "sync"

// A container whose health monitor is stopped through a channel handed out
// by a getter (moby#28462).
type container struct {
	sync.Mutex
	health *health
	state  string
}

type health struct {
	stop chan struct{}
}

func (h *health) openMonitorChannel() chan struct{} { return h.stop }

func (h *health) closeMonitorChannel() {
	if h.stop != nil {
		h.stop <- struct{}{}
	}
}

// monitor probes the container until it is told to stop; each probe locks
// the container.
func monitor(c *container, stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
			probe(c)
		}
	}
}

func probe(c *container) {
	c.Lock()
	defer c.Unlock()
	c.state = "probed"
}

func startMonitor(c *container) {
	if stop := c.health.openMonitorChannel(); stop != nil {
		go monitor(c, stop)
	}
}

// Positive: the monitor that receives the stop signal, through the getter
// and its parameter, locks the container stateChanged holds.
func stateChanged(c *container) {
	c.Lock()
	defer c.Unlock()
	c.state = "changed"
	c.health.closeMonitorChannel() // want `call to c\.health\.closeMonitorChannel \(health\.closeMonitorChannel -> send on h\.stop at waits_getters\.go:21\) waits while holding c \(locked at line 53\), and the receiver, monitor locks c \(probe -> c\.Lock at waits_getters\.go:39\): each waits for the other forever; unlock before sending`
}

// Negative: the lock is released before the stop is sent.
func stateChangedUnlocked(c *container) {
	c.Lock()
	c.state = "changed"
	c.Unlock()
	c.health.closeMonitorChannel()
}

// A feed whose worker gets its channel as a parameter and does not need
// the feed's lock: a hand-off, not a deadlock.
type feed struct {
	mu    sync.Mutex
	items chan int
	n     int
}

func (q *feed) itemsChan() chan int { return q.items }

func (q *feed) start() { go consume(q.itemsChan()) }

func consume(items chan int) {
	for it := range items {
		_ = it
	}
}

// Negative: the receiver takes no lock.
func (q *feed) Put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.n++
	q.items <- v
}

// A pump whose drain function is called with two different channels: its
// parameter is neither field.
type pump struct {
	mu   sync.Mutex
	in   chan int
	out  chan int
	seen int
}

func (p *pump) drain(ch chan int) {
	for range ch {
		p.mu.Lock()
		p.seen++
		p.mu.Unlock()
	}
}

func (p *pump) start() {
	go p.drain(p.in)
	go p.drain(p.out)
}

// Negative: drain is the receiver of p.in and p.out, but its parameter is
// bound to neither.
func (p *pump) Push(v int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.in <- v
}

// A relay whose handler is a value: a caller out of sight may pass it
// another channel.
type relay struct {
	mu   sync.Mutex
	done chan struct{}
	n    int
}

func (r *relay) wait(done chan struct{}) {
	<-done
	r.mu.Lock()
	r.n++
	r.mu.Unlock()
}

var relayHandler = (*relay).wait

func (r *relay) start() { go r.wait(r.done) }

// Negative: wait is used as a value, so its parameter is not bound.
func (r *relay) Finish() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done <- struct{}{}
}
