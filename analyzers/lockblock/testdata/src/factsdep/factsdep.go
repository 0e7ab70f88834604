// Package factsdep is a dependency whose functions lock, release and
// sleep; package facts calls them.
package factsdep

import (
	"sync"
	"time"
)

// Cache embeds its mutex: callers can hold it.
type Cache struct {
	sync.Mutex
	Items map[string]int
}

// Len locks the cache.
func (c *Cache) Len() int {
	c.Lock()
	defer c.Unlock()
	return len(c.Items)
}

// Retry sleeps between attempts.
func Retry(f func() error) error {
	var err error
	for i := 0; i < 3; i++ {
		if err = f(); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

// UnlockAndLog releases a lock its caller holds.
func UnlockAndLog(mu *sync.Mutex) {
	mu.Unlock()
}

// Tick pauses briefly.
func Tick() { time.Sleep(time.Millisecond) }

// Settle waits for the cluster to settle after a change.
func Settle() { time.Sleep(2 * time.Second) }
