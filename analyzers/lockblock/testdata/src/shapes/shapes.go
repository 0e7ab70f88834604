// Package shapes holds the shapes of real code that lockblock must leave
// alone, each reduced from a service where it is correct, and a few real
// findings in the same shapes.
package shapes

import (
	"encoding/json"
	"errors"
	"sync"
	"time"
)

// Negative: whether the callee locks is the caller's choice
// (loadMsgLocked(seq, needLock bool)).
type store struct {
	mu   sync.RWMutex
	msgs map[uint64]string
}

func (s *store) load(seq uint64, needLock bool) string {
	if needLock {
		s.mu.RLock()
	}
	m := s.msgs[seq]
	if needLock {
		s.mu.RUnlock()
	}
	return m
}

func (s *store) LastMsgs(seqs []uint64) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, seq := range seqs {
		out = append(out, s.load(seq, false))
	}
	return out
}

// Negative: a flag records whether the lock is held.
func (s *store) Range(seq uint64) string {
	s.mu.RLock()
	m, ok := s.msgs[seq]
	s.mu.RUnlock()
	lockHeld := false
	if !ok {
		s.mu.Lock()
		lockHeld = true
		m = s.msgs[seq+1]
	}
	if m == "" {
		if lockHeld {
			s.mu.Unlock()
		}
		return ""
	}
	if !lockHeld {
		s.mu.Lock()
	}
	s.msgs[seq] = m
	s.mu.Unlock()
	return m
}

// Negative: unlocked by a deferred function literal.
type executor struct {
	lock    sync.Mutex
	tasks   []any
	guarded bool
	cmd     chan []any
	confirm chan struct{}
}

func (e *executor) addAndCheck(task any) ([]any, bool) {
	e.lock.Lock()
	defer func() {
		if !e.guarded {
			e.guarded = true
		}
		e.lock.Unlock()
	}()
	e.tasks = append(e.tasks, task)
	if len(e.tasks) > 10 {
		out := e.tasks
		e.tasks = nil
		return out, true
	}
	return nil, false
}

func (e *executor) Add(task any) {
	if vals, ok := e.addAndCheck(task); ok {
		e.cmd <- vals
		<-e.confirm
	}
}

func (e *executor) run() {
	for vals := range e.cmd {
		e.confirm <- struct{}{}
		e.lock.Lock()
		_ = vals
		e.lock.Unlock()
	}
}

// Negative: called with the lock held, it lets go of the lock around a
// slow step and takes it back (createRaftGroup, doTLSHandshake).
type cluster struct {
	mu       sync.Mutex
	creating map[string]chan struct{}
	closed   bool
}

// Lock should be held.
func (c *cluster) createGroupLocked(name string) error {
	if ch, ok := c.creating[name]; ok {
		c.mu.Unlock()
		<-ch
		c.mu.Lock()
		if c.closed {
			return errors.New("closed")
		}
	}
	return nil
}

func (c *cluster) Create(name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.createGroupLocked(name)
}

func (c *cluster) handshake() error {
	c.mu.Unlock()
	err := c.slowIO()
	if err != nil {
		c.Close()
		c.mu.Lock()
		return err
	}
	c.mu.Lock()
	return nil
}

func (c *cluster) slowIO() error { return nil }

func (c *cluster) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}

func (c *cluster) Connect() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.handshake()
}

// Negative: the deferred unlock registered at the top covers a Lock taken
// back in a loop.
func (c *cluster) Resume(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := 0; i < n; i++ {
		c.mu.Unlock()
		time.Sleep(0)
		c.mu.Lock()
		if c.closed {
			return
		}
	}
}

// Negative: every value of a slice locked in turn.
type block struct {
	mu  sync.RWMutex
	buf []byte
}

type fileStore struct {
	mu   sync.Mutex
	blks []*block
}

func (fs *fileStore) readLockAll() {
	for _, mb := range fs.blks {
		mb.mu.RLock()
	}
}

func (fs *fileStore) readUnlockAll() {
	for _, mb := range fs.blks {
		mb.mu.RUnlock()
	}
}

// Negative: the same condition around the Lock and the Unlock.
type client struct {
	mu   sync.Mutex
	name string
}

type sub struct {
	client *client
}

func (c *client) names(subs []*sub) []string {
	var out []string
	for _, s := range subs {
		if s.client != nil && s.client != c {
			s.client.mu.Lock()
		}
		name := ""
		if s.client != nil {
			name = s.client.name
		}
		if s.client != nil && s.client != c {
			s.client.mu.Unlock()
		}
		out = append(out, name)
	}
	return out
}

// Negative: a send on a buffered channel of a value just made: no one
// else has it yet (etcd's watcher hub).
type watcher struct {
	events chan string
	hub    *hub
}

type hub struct {
	mutex    sync.Mutex
	watchers map[string]*watcher
}

func (h *hub) Watch(key, last string) *watcher {
	w := &watcher{events: make(chan string, 100), hub: h}
	h.mutex.Lock()
	defer h.mutex.Unlock()
	if last != "" {
		w.events <- last
		return w
	}
	h.watchers[key] = w
	return w
}

func (w *watcher) Remove() {
	w.hub.mutex.Lock()
	defer w.hub.mutex.Unlock()
	for range w.events {
	}
}

// Negative: sleeping out the rest of an interval under the lock is a rate
// limiter serialising its callers.
type limiter struct {
	mu   sync.Mutex
	last time.Time
}

const interval = 200 * time.Millisecond

func (l *limiter) Do(f func() error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if since := time.Since(l.last); since < interval {
		time.Sleep(interval - since)
	}
	l.last = time.Now()
	return f()
}

// Negative: a lock order through a value the function has just made.
type config struct {
	modifyLock sync.RWMutex
	headers    map[string]string
}

type apiClient struct {
	modifyLock sync.RWMutex
	config     *config
	headers    map[string]string
}

func newClient(c *config) *apiClient {
	c.modifyLock.Lock()
	defer c.modifyLock.Unlock()
	client := &apiClient{config: c}
	for k, v := range c.headers {
		client.addHeader(k, v)
	}
	return client
}

func (c *apiClient) addHeader(k, v string) {
	c.modifyLock.Lock()
	defer c.modifyLock.Unlock()
	c.headers[k] = v
}

func (c *apiClient) cloneConfig() *config {
	c.modifyLock.RLock()
	defer c.modifyLock.RUnlock()
	c.config.modifyLock.RLock()
	defer c.config.modifyLock.RUnlock()
	return &config{headers: c.config.headers}
}

// Negative: a WaitGroup's Add under the lock its Wait is held under: the
// goroutines call Done without the lock.
type monitor struct {
	monitorMu sync.Mutex
	mu        sync.Mutex
	wg        sync.WaitGroup
	running   bool
}

func (m *monitor) start() {
	m.monitorMu.Lock()
	defer m.monitorMu.Unlock()
	m.wg.Add(1)
	go m.run()
}

func (m *monitor) run() {
	defer m.wg.Done()
	m.mu.Lock()
	m.running = true
	m.mu.Unlock()
}

func (m *monitor) stop() {
	m.monitorMu.Lock()
	defer m.monitorMu.Unlock()
	m.wg.Wait()
}

// Positive: an error return in the middle of a save forgets the Unlock
// (a web framework's session store).
type session struct {
	mu   sync.Mutex
	data map[string]any
	save func([]byte) error
}

func (s *session) Save() error {
	s.mu.Lock()
	b, err := json.Marshal(s.data)
	if err != nil {
		return err // want `session.Save returns here with s.mu still locked`
	}
	if err := s.save(b); err != nil {
		return err
	}
	s.mu.Unlock()
	return nil
}

// Positive: Stop waits for the tailers while holding the mutex one of
// them locks on its way out (a metrics agent's file tailer).
type tail struct {
	tailersMutex sync.Mutex
	tailers      map[string]bool
	wg           sync.WaitGroup
}

func (t *tail) startTailer(name string) {
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		if name == "" {
			t.tailersMutex.Lock()
			delete(t.tailers, name)
			t.tailersMutex.Unlock()
		}
	}()
}

func (t *tail) Stop() {
	t.tailersMutex.Lock()
	defer t.tailersMutex.Unlock()
	t.tailers = nil
	t.wg.Wait() // want `t.wg.Wait\(\) waits while holding t.tailersMutex`
}

// Positive: collect read-locks, then calls discover, which write-locks
// the same mutex (a metrics agent's vSphere endpoint).
type endpoint struct {
	busy       sync.Mutex
	collectMux sync.RWMutex
	objects    map[string]int
}

func (e *endpoint) discover() {
	e.busy.Lock()
	defer e.busy.Unlock()
	e.collectMux.Lock()
	defer e.collectMux.Unlock()
	e.objects = map[string]int{}
}

func (e *endpoint) collect(interval time.Duration) int {
	e.collectMux.RLock()
	defer e.collectMux.RUnlock()
	if interval == 0 {
		e.discover() // want `call to e.discover locks e.collectMux, which endpoint.collect already holds`
	}
	return len(e.objects)
}

// Negative: the goroutine a WaitGroup waits for takes the lock only on
// another value, found again after a restore (mset, err = lookup()).
type stream struct {
	monitorMu sync.Mutex
	monitorWg sync.WaitGroup
}

func (s *stream) startMonitorWg() {
	s.monitorMu.Lock()
	s.monitorWg.Add(1)
	s.monitorMu.Unlock()
}

func (s *stream) stopMonitoring() {
	s.monitorMu.Lock()
	defer s.monitorMu.Unlock()
	s.monitorWg.Wait()
}

func lookupStream(name string) (*stream, error) { return nil, errors.New(name) }

func monitorStream(mset *stream, name string) {
	defer mset.monitorWg.Done()
	var err error
	if mset, err = lookupStream(name); mset != nil {
		mset.startMonitorWg()
		defer mset.monitorWg.Done()
	}
	_ = err
}

// Negative: one order is taken on a connection the function has just made
// and not yet handed to anyone (a gateway connection read-locking the
// reload lock during its TLS set-up); the reload closes only registered
// connections.
type gwServer struct {
	reloadMu sync.RWMutex
	clients  map[int]*gwClient
}

type gwClient struct {
	mu  sync.Mutex
	srv *gwServer
}

func (s *gwServer) reload() {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	for _, c := range s.clients {
		c.close()
	}
}

func (c *gwClient) close() {
	c.mu.Lock()
	c.srv = nil
	c.mu.Unlock()
}

func (s *gwServer) createGateway() {
	c := &gwClient{srv: s}
	c.mu.Lock()
	s.reloadMu.RLock()
	s.reloadMu.RUnlock()
	c.mu.Unlock()
	go func() { c.close() }()
}
