package server

import (
	"errors"
	"net/http"
	"sync"
	"time"
)

// Lookup asks upstream for a key and gives up after a second. The goroutine
// that fetches it then sends on a channel nobody receives from: one
// goroutine blocked for good per slow lookup.
func (s *Server) Lookup(w http.ResponseWriter, r *http.Request) {
	found := make(chan []byte)
	go func() {
		body, _ := s.upstream.Fetch("/lookup?key=" + r.URL.Query().Get("key"))
		found <- body
	}()
	select {
	case body := <-found:
		hits.add(r.URL.Query().Get("key"))
		w.Write(body)
	case <-time.After(time.Second):
		http.Error(w, "lookup timed out", http.StatusGatewayTimeout)
	}
}

// counter counts lookups per key.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

var hits = &counter{n: make(map[string]int)}

// add returns early with the lock held on an empty key: every later
// lookup then blocks on c.mu.
func (c *counter) add(key string) error {
	c.mu.Lock()
	if key == "" {
		return errors.New("empty key")
	}
	c.n[key]++
	c.mu.Unlock()
	return nil
}
