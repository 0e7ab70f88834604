package waits

import (
	"errors"
	"os"
	"sync"
	"time"
)

// A store that fans alerts out to its listeners and garbage-collects the
// ones that left (alertmanager's mem provider).
type listener struct {
	alerts chan int
	done   chan struct{}
}

type alertStore struct {
	mtx       sync.Mutex
	listeners map[int]listener
}

func (a *alertStore) gcListeners() {
	a.mtx.Lock()
	defer a.mtx.Unlock()
	for i, l := range a.listeners {
		select {
		case <-l.done:
			delete(a.listeners, i)
			close(l.alerts)
		default:
		}
	}
}

// Negative: gcListeners only polls done; a receive from done does not end
// a send on alerts, and a poll does not end a wait on done.
func (a *alertStore) Put(v int) {
	a.mtx.Lock()
	defer a.mtx.Unlock()
	for _, l := range a.listeners {
		select {
		case l.alerts <- v:
		case <-l.done:
		}
	}
}

// A pacer whose connection tokens are refilled when the limit changes
// (rclone's pacer).
type pacer struct {
	mu         sync.Mutex
	connTokens chan struct{}
	max        int
}

// Negative: the tokens go into a buffer made here, one slot each, before
// anyone else is handed the channel.
func (p *pacer) SetMaxConnections(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.max = n
	p.connTokens = make(chan struct{}, n)
	for range n {
		p.connTokens <- struct{}{}
	}
}

func (p *pacer) beginCall() {
	p.mu.Lock()
	tokens := p.connTokens
	p.mu.Unlock()
	<-tokens
}

func (p *pacer) endCall() {
	p.mu.Lock()
	tokens := p.connTokens
	p.mu.Unlock()
	tokens <- struct{}{}
}

// A driver that saves its state file, retrying failed writes.
type driver struct {
	mu        sync.Mutex
	statePath string
	volumes   map[string]int
}

// Negative: the sleep runs only after a failed write; the lock that
// serialises the state is held across the attempts on purpose.
func (d *driver) saveState(data []byte) error {
	var err error
	for i := 0; i <= 3; i++ {
		err = os.WriteFile(d.statePath, data, 0o600)
		if err == nil {
			return nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return err
}

func (d *driver) Create(name string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.volumes[name] = 1
	return d.saveState(nil)
}

var errNotReady = errors.New("not ready")

func (d *driver) ready() bool { return len(d.volumes) > 0 }

// Positive: a poll for a condition, not a retry of a failed attempt.
func (d *driver) WaitReady() error { // want WaitReady:`waits time\.Sleep`
	d.mu.Lock()
	defer d.mu.Unlock()
	for !d.ready() {
		time.Sleep(time.Second) // want `time\.Sleep while holding d\.mu \(locked at line 116\): every other user of d\.mu waits out the whole sleep; unlock before sleeping`
	}
	if !d.ready() {
		return errNotReady
	}
	return nil
}
