// Package relock takes a lock it already holds: directly, or through a // want package:"lockblock"
// method that locks the same receiver's mutex.
package relock

import (
	"errors"
	"sync"
)

// Positive: the re-entrant lock through a method of the same receiver
// (moby#36114).
type vm struct {
	sync.Mutex
	disks []string
}

func (v *vm) hotAdd() {
	v.Lock()
	defer v.Unlock()
	v.hotRemove() // want `call to v\.hotRemove locks v, which vm\.hotAdd already holds \(line 18\): Go mutexes are not re-entrant, so this goroutine blocks forever \(vm\.hotRemove -> v\.Lock at relock\.go:24\); call a variant that expects the lock held`
}

func (v *vm) hotRemove() {
	v.Lock()
	defer v.Unlock()
	v.disks = nil
}

// Positive: a named field, two calls deep.
type store struct {
	mu    sync.Mutex
	items map[string]int
}

func (s *store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.items)
}

func (s *store) report() string {
	if s.Len() == 0 {
		return "empty"
	}
	return "full"
}

func (s *store) Put(k string, v int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[k] = v
	return s.report() // want `call to s\.report locks s\.mu, which store\.Put already holds \(line 49\): Go mutexes are not re-entrant, so this goroutine blocks forever \(store\.report -> store\.Len -> s\.mu\.Lock at relock\.go:36\); call a variant that expects the lock held`
}

// Positive: the lock passed as an argument.
func count(s *store) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.items)
}

func (s *store) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if count(s) > 0 { // want `call to count locks s\.mu, which store\.Clear already holds \(line 63\): Go mutexes are not re-entrant, so this goroutine blocks forever \(count -> s\.mu\.Lock at relock\.go:57\); call a variant that expects the lock held`
		s.items = map[string]int{}
	}
}

// Positive: locked twice in one function (grpc#795).
type server struct {
	mu    sync.Mutex
	drain bool
}

func (s *server) GracefulStop() {
	s.mu.Lock()
	if s.drain {
		s.mu.Lock() // want `s\.mu\.Lock while server\.GracefulStop already holds s\.mu \(line 77\): Go mutexes are not re-entrant, so this goroutine blocks forever; unlock before locking again`
		return
	}
	s.drain = true
	s.mu.Unlock()
}

// Positive: a second read lock on one path (kubernetes#62464).
type state struct {
	sync.RWMutex
	sets map[string]int
}

func (s *state) GetSet(name string) (int, bool) { // want GetSet:`locks s\.RLock`
	s.RLock()
	defer s.RUnlock()
	v, ok := s.sets[name]
	return v, ok
}

func (s *state) GetSetOrDefault(name string) int { // want GetSetOrDefault:`locks s\.RLock`
	s.RLock()
	defer s.RUnlock()
	if v, ok := s.GetSet(name); ok { // want `call to s\.GetSet read-locks s, which state\.GetSetOrDefault already read-locks \(line 100\): a writer calling Lock in between blocks both forever \(state\.GetSet -> s\.RLock at relock\.go:93\); read-lock once per path`
		return v
	}
	return 0
}

// Positive: an upgrade from a read lock.
func (s *state) Ensure(name string) { // want Ensure:`locks s\.RLock`
	s.RLock()
	if _, ok := s.sets[name]; !ok {
		s.Lock() // want `s\.Lock while state\.Ensure holds a read lock on it \(line 110\): a read lock cannot be upgraded, so this blocks forever; RUnlock before locking`
		s.sets[name] = 0
		s.Unlock()
	}
	s.RUnlock()
}

// Negative: a *Locked helper called with the lock held does not lock.
func (s *store) putLocked(k string, v int) { s.items[k] = v }

func (s *store) PutAll(m map[string]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range m {
		s.putLocked(k, v)
	}
}

// Negative: the helper releases the lock before taking it again.
func (s *store) flushLocked() {
	s.mu.Unlock()
	defer s.mu.Lock()
	_ = errors.New("slow work without the lock")
}

func (s *store) Flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushLocked()
}

// Negative: two values of one type: other.mu is not s.mu.
func (s *store) Merge(other *store) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range other.snapshot() {
		s.items[k] = v
	}
}

func (s *store) snapshot() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.items))
	for k, v := range s.items {
		out[k] = v
	}
	return out
}

// Negative: unlocked on both branches before the second Lock.
func (s *server) Toggle() {
	s.mu.Lock()
	if s.drain {
		s.mu.Unlock()
	} else {
		s.drain = true
		s.mu.Unlock()
	}
	s.mu.Lock()
	s.drain = !s.drain
	s.mu.Unlock()
}

// Negative: a lock taken in a goroutine the function starts is not taken
// on its path.
func (s *store) Async() {
	s.mu.Lock()
	defer s.mu.Unlock()
	go s.Len()
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
	}()
}

// Negative: a try-lock never blocks.
func (s *server) TryStop() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.mu.TryLock() {
		return false
	}
	return true
}

// Negative: the lock is taken once per branch.
func (s *state) Get(name string, write bool) {
	if write {
		s.Lock()
		defer s.Unlock()
	} else {
		s.RLock()
		defer s.RUnlock()
	}
	_ = s.sets[name]
}
