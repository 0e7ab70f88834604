// Package dep is another module: a client library and a concurrent map
// whose waits are part of their design.
package dep

import (
	"sync"
	"time"
)

// Client waits out a broker's throttle before sending.
type Client struct{ throttle time.Duration }

func (c *Client) Send(msg string) error {
	time.Sleep(c.throttle)
	return nil
}

// Map waits while it is resized.
type Map struct {
	mu       sync.Mutex
	cond     *sync.Cond
	resizing bool
}

func (m *Map) Load(key string) string {
	m.mu.Lock()
	m.cond.Wait()
	m.mu.Unlock()
	return ""
}
