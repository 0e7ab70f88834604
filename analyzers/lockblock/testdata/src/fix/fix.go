package fix

import (
	"errors"
	"sync"
)

type devices struct {
	mu      sync.Mutex
	deleted int
}

func (d *devices) cleanup() error {
	d.mu.Lock()
	if d.deleted == 0 {
		return nil // want `devices.cleanup returns here with d.mu still locked`
	}
	d.mu.Unlock()
	return errors.New("deleted")
}

type manager struct {
	mu   sync.RWMutex
	sets map[string][]string
}

func (m *manager) send(alerts []string) int {
	n := 0
	for _, name := range []string{"a", "b"} {
		m.mu.RLock()
		if len(alerts) == 0 {
			continue // want `continue with m.mu still read-locked`
		}
		n += len(m.sets[name])
		m.mu.RUnlock()
	}
	return n
}
