// Package facts calls into factsdep while holding locks. // want package:"lockblock"
package facts

import (
	"sync"

	"factsdep"
)

type service struct {
	mu    sync.Mutex
	cache *factsdep.Cache
	n     int
}

// Positive: the callee in another package locks the held embedded mutex.
func (s *service) Size() int {
	s.cache.Lock()
	defer s.cache.Unlock()
	return s.cache.Len() // want `call to s\.cache\.Len locks s\.cache, which service\.Size already holds \(line 18\): Go mutexes are not re-entrant, so this goroutine blocks forever \(factsdep\.Cache\.Len -> c\.Lock at factsdep\.go:18\); call a variant that expects the lock held`
}

// Positive: the callee in another package sleeps.
func (s *service) Sync() error { // want Sync:`waits factsdep\.Settle -> time\.Sleep`
	s.mu.Lock()
	defer s.mu.Unlock()
	factsdep.Settle() // want `call to factsdep\.Settle \(factsdep\.Settle -> time\.Sleep at factsdep\.go:44\) sleeps while holding s\.mu \(locked at line 25\): every other user of s\.mu waits out the whole sleep; unlock before sleeping`
	return nil
}

// Negative: the callee's sleep is the pause between failed attempts of
// the operation it retries; the lock is held across the attempts too.
func (s *service) Save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return factsdep.Retry(func() error { return nil })
}

// Negative: the callee releases the lock it is given.
func (s *service) Done() error {
	s.mu.Lock()
	if s.n == 0 {
		factsdep.UnlockAndLog(&s.mu)
		return nil
	}
	s.n--
	s.mu.Unlock()
	return nil
}

// Negative: a short pause.
func (s *service) Step() {
	s.mu.Lock()
	defer s.mu.Unlock()
	factsdep.Tick()
}
