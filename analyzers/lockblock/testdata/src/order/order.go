// Package order takes two locks in opposite orders.
package order

import "sync"

// Positive: AB-BA through calls (cockroach#10214).
type store struct {
	coalescedMu struct {
		sync.Mutex
		heartbeats []int
	}
	replicas []*replica
}

type replica struct {
	raftMu sync.Mutex
	mu     sync.Mutex
	store  *store
}

func (s *store) sendQueuedHeartbeats() {
	s.coalescedMu.Lock()
	defer s.coalescedMu.Unlock()
	for _, r := range s.replicas {
		r.reportUnreachable() // want `store\.sendQueuedHeartbeats takes r\.raftMu while holding s\.coalescedMu here \(replica\.reportUnreachable -> r\.raftMu\.Lock at order\.go:30\), and replica\.tick takes them in the opposite order \(order\.go:39\): two goroutines running both can each hold one and wait for the other forever; take the two locks in one order everywhere`
	}
}

func (r *replica) reportUnreachable() {
	r.raftMu.Lock()
	defer r.raftMu.Unlock()
}

func (r *replica) tick() {
	r.raftMu.Lock()
	defer r.raftMu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.store.coalescedMu.Lock()
	r.store.coalescedMu.Unlock()
}

// Positive: direct, in two methods (moby#4951 shape).
type deviceSet struct {
	mu    sync.Mutex
	infos map[string]*devInfo
}

type devInfo struct {
	lock sync.Mutex
	set  *deviceSet
}

func (d *deviceSet) Delete(hash string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	info := d.infos[hash]
	info.lock.Lock() // want `deviceSet\.Delete takes info\.lock while holding d\.mu here, and devInfo\.Activate takes them in the opposite order \(order\.go:65\): two goroutines running both can each hold one and wait for the other forever; take the two locks in one order everywhere`
	defer info.lock.Unlock()
}

func (i *devInfo) Activate() {
	i.lock.Lock()
	defer i.lock.Unlock()
	i.set.mu.Lock()
	i.set.mu.Unlock()
}

// Negative: always in one order.
type pool struct {
	mu    sync.Mutex
	conns []*pconn
}

type pconn struct {
	mu   sync.Mutex
	pool *pool
}

func (p *pool) CloseAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.mu.Lock()
		c.mu.Unlock()
	}
}

func (c *pconn) Release() {
	c.pool.mu.Lock()
	defer c.pool.mu.Unlock()
	c.mu.Lock()
	c.mu.Unlock()
}

// Negative: both orders, but always under a third lock.
type gated struct {
	gate sync.Mutex
	a    sync.Mutex
	b    sync.Mutex
}

func (g *gated) AB() {
	g.gate.Lock()
	defer g.gate.Unlock()
	g.a.Lock()
	g.b.Lock()
	g.b.Unlock()
	g.a.Unlock()
}

func (g *gated) BA() {
	g.gate.Lock()
	defer g.gate.Unlock()
	g.b.Lock()
	g.a.Lock()
	g.a.Unlock()
	g.b.Unlock()
}

// Negative: read locks both ways do not exclude each other.
type views struct {
	left  sync.RWMutex
	right sync.RWMutex
}

func (v *views) LR() {
	v.left.RLock()
	defer v.left.RUnlock()
	v.right.RLock()
	v.right.RUnlock()
}

func (v *views) RL() {
	v.right.RLock()
	defer v.right.RUnlock()
	v.left.RLock()
	v.left.RUnlock()
}

// Negative: the first lock is released before the second is taken.
func (r *replica) handoff() {
	r.store.coalescedMu.Lock()
	n := len(r.store.coalescedMu.heartbeats)
	r.store.coalescedMu.Unlock()
	if n > 0 {
		r.raftMu.Lock()
		r.raftMu.Unlock()
	}
}

// Negative: both orders only through helpers, on values of one type the
// two sides never share (a leaf connection's lock, a gateway's).
type conn struct {
	mu   sync.Mutex
	kind int
}

type server struct {
	gateway struct {
		sync.RWMutex
		in []*conn
	}
}

func (s *server) outbound() int {
	s.gateway.RLock()
	defer s.gateway.RUnlock()
	return len(s.gateway.in)
}

func (s *server) hasInbound() bool {
	for _, c := range s.gateway.in {
		c.mu.Lock()
		k := c.kind
		c.mu.Unlock()
		if k == 1 {
			return true
		}
	}
	return false
}

func (s *server) initLeaf(leaf *conn) {
	leaf.mu.Lock()
	defer leaf.mu.Unlock()
	_ = s.outbound()
}

func (s *server) solicit() {
	s.gateway.Lock()
	defer s.gateway.Unlock()
	_ = s.hasInbound()
}
