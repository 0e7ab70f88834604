// Package leak returns with a lock held on some paths. // want package:"lockblock"
package leak

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"
)

var errClosed = errors.New("closed")

// Positive: an early return forgets the Unlock (moby#17176).
type devices struct {
	sync.Mutex
	deleted int
}

func (d *devices) cleanup() error {
	d.Lock()
	if d.deleted == 0 {
		return nil // want `devices\.cleanup returns here with d still locked \(line 21\) though its other paths unlock it: every later d\.Lock blocks forever; call d\.Unlock\(\) before this return`
	}
	d.Unlock()
	return errors.New("deleted")
}

// Positive: an error return in the middle (thanos hedging).
type roundTripper struct {
	mu    sync.Mutex
	stats []float64
}

func (rt *roundTripper) add(v float64) error {
	if v < 0 {
		return errors.New("negative")
	}
	return nil
}

func (rt *roundTripper) Observe(v float64) error {
	rt.mu.Lock()
	if err := rt.add(v); err != nil {
		return err // want `roundTripper\.Observe returns here with rt\.mu still locked \(line 43\) though its other paths unlock it: every later rt\.mu\.Lock blocks forever; call rt\.mu\.Unlock\(\) before this return`
	}
	rt.stats = append(rt.stats, v)
	rt.mu.Unlock()
	return nil
}

// Positive: a callback that returns early (grpc#3017).
type cache struct {
	mu      sync.Mutex
	entries map[string]bool
}

func (c *cache) Remove(key string, abort *bool) {
	time.AfterFunc(time.Second, func() {
		c.mu.Lock()
		if *abort {
			return // want `cache\.Remove \(func literal\) returns here with c\.mu still locked \(line 60\) though its other paths unlock it: every later c\.mu\.Lock blocks forever; call c\.mu\.Unlock\(\) before this return`
		}
		delete(c.entries, key)
		c.mu.Unlock()
	})
}

// Positive: continue with the read lock held (prometheus notifier).
type manager struct {
	mu   sync.RWMutex
	sets map[string][]string
}

func (m *manager) sendAll(alerts []string) int {
	sent := 0
	for _, name := range []string{"a", "b"} {
		m.mu.RLock()
		targets := m.sets[name]
		if len(alerts) == 0 {
			continue // want `continue with m\.mu still read-locked \(line 78\): the next iteration's RLock blocks forever; call m\.mu\.RUnlock\(\) before continuing`
		}
		sent += len(targets)
		m.mu.RUnlock()
	}
	return sent
}

// Positive: a loop left by break with the lock held, then the function
// returns (cockroach#584).
type gossip struct {
	mu     sync.Mutex
	closed bool
}

func (g *gossip) bootstrap() {
	for {
		g.mu.Lock() // want `g\.mu\.Lock is not released on every path: gossip\.bootstrap can return with it locked though its other paths unlock it, and every later g\.mu\.Lock blocks forever; defer g\.mu\.Unlock\(\) right after the Lock`
		if g.closed {
			break
		}
		g.mu.Unlock()
	}
}

// Negative: every path unlocks, across branches.
func (d *devices) Count(strict bool) (int, error) { // want Count:`locks d\.Lock`
	d.Lock()
	if strict && d.deleted < 0 {
		d.Unlock()
		return 0, errors.New("negative")
	}
	n := d.deleted
	d.Unlock()
	return n, nil
}

// Negative: defer right after the Lock.
func (d *devices) Reset() error { // want Reset:`locks d\.Lock`
	d.Lock()
	defer d.Unlock()
	if d.deleted == 0 {
		return errClosed
	}
	d.deleted = 0
	return nil
}

// Negative: a lock helper returns holding the lock on success, and
// unlocks only when it fails; its caller unlocks.
func (c *cache) lockIfOpen() error {
	c.mu.Lock()
	if c.entries == nil {
		c.mu.Unlock()
		return errClosed
	}
	return nil
}

func (c *cache) Put(k string) error {
	if err := c.lockIfOpen(); err != nil {
		return err
	}
	defer c.mu.Unlock()
	c.entries[k] = true
	return nil
}

// Negative: the same shape as an exported API whose other half unlocks.
type tx struct {
	mu     sync.Mutex
	closed bool
}

func (t *tx) Begin() error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return errClosed
	}
	return nil
}

func (t *tx) Commit() {
	t.closed = true
	t.mu.Unlock()
}

// Negative: the lock goes to the caller on every path.
func (t *tx) lock() { t.mu.Lock() }

// Negative: handed to a goroutine that unlocks it.
func (c *cache) Rebuild() {
	c.mu.Lock()
	go func() {
		defer c.mu.Unlock()
		c.entries = map[string]bool{}
	}()
}

// Negative: unlocked in a deferred closure.
func (c *cache) Get(k string) (ok bool) {
	c.mu.Lock()
	defer func() {
		c.mu.Unlock()
	}()
	if c.entries == nil {
		return false
	}
	return c.entries[k]
}

// Negative: unlocked by a helper that takes the lock's owner.
func (c *cache) unlockAndNotify() {
	c.mu.Unlock()
}

func (c *cache) Delete(k string) {
	c.mu.Lock()
	if c.entries == nil {
		c.unlockAndNotify()
		return
	}
	delete(c.entries, k)
	c.mu.Unlock()
}

// Negative: a panic path is not a return.
func (d *devices) Must() int { // want Must:`locks d\.Lock`
	d.Lock()
	if d.deleted < 0 {
		panic("negative count")
	}
	n := d.deleted
	d.Unlock()
	return n
}

// Negative: a conditional lock with the same condition at the unlock.
type conditional struct {
	mu     sync.Mutex
	shared bool
	n      int
}

func (c *conditional) Inc() {
	if c.shared {
		c.mu.Lock()
	}
	c.n++
	if c.shared {
		c.mu.Unlock()
	}
}

// Negative: a try-lock that returns when the lock is busy.
func (c *conditional) TryInc() bool {
	if !c.mu.TryLock() {
		return false
	}
	defer c.mu.Unlock()
	c.n++
	return true
}

// Negative: the loop unlocks before every continue.
func (m *manager) countAll() int {
	n := 0
	for _, name := range []string{"a", "b"} {
		m.mu.RLock()
		if len(m.sets[name]) == 0 {
			m.mu.RUnlock()
			continue
		}
		n += len(m.sets[name])
		m.mu.RUnlock()
	}
	return n
}

// Positive: a deferred cancel function or Close does not unlock (a
// JetStream message's ackReply).
type message struct {
	sync.Mutex
	ackd bool
	body io.ReadCloser
}

var errAcked = errors.New("already acknowledged")

func (m *message) ack(ctx context.Context, wait bool) error {
	if wait {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Second)
		defer cancel()
	}
	defer m.body.Close()
	m.Lock()
	if m.ackd {
		return errAcked // want `message.ack returns here with m still locked`
	}
	m.Unlock()
	<-ctx.Done()
	m.Lock()
	m.ackd = true
	m.Unlock()
	return nil
}

// Negative: a deferred function value may be the unlock.
func (c *cache) withRelease(release func()) error {
	defer release()
	c.mu.Lock()
	if c.entries == nil {
		return errClosed
	}
	c.mu.Unlock()
	return nil
}

// Positive: continue with the read lock of this iteration's value held
// (prometheus notifier sendAll): nothing unlocks it.
type amSet struct {
	mtx     sync.RWMutex
	relabel bool
	urls    []string
}

func sendAll(sets []*amSet, alerts []string) int {
	n := 0
	for _, ams := range sets {
		ams.mtx.RLock()
		if ams.relabel && len(alerts) == 0 {
			continue // want `continue with ams\.mtx still read-locked \(line \d+\): the next iteration moves on and nothing unlocks it, so every later ams\.mtx\.Lock blocks forever; call ams\.mtx\.RUnlock\(\) before continuing`
		}
		n += len(ams.urls)
		ams.mtx.RUnlock()
	}
	return n
}
