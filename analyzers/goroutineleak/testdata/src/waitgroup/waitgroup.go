package waitgroup

import (
	"context"
	"sync"
)

type plugin struct{ name string }

func (p *plugin) load() {}

type Manager struct{ plugins []*plugin }

// Positive: Wait in the loop waits for every plugin on the first one.
func (m *Manager) Init() {
	var wg sync.WaitGroup
	wg.Add(len(m.plugins))
	for _, p := range m.plugins {
		go func(p *plugin) {
			defer wg.Done()
			p.load()
		}(p)
		wg.Wait() // want `wg.Wait inside the loop that starts the goroutines waits, on the first iteration, for every Done promised by wg.Add at line 17`
	}
}

// Negative: Wait after the loop.
func (m *Manager) Load() {
	var wg sync.WaitGroup
	wg.Add(len(m.plugins))
	for _, p := range m.plugins {
		go func(p *plugin) {
			defer wg.Done()
			p.load()
		}(p)
	}
	wg.Wait()
}

// Negative: one goroutine at a time, Add in the loop.
func (m *Manager) Serial() {
	var wg sync.WaitGroup
	for _, p := range m.plugins {
		wg.Add(1)
		go func(p *plugin) {
			defer wg.Done()
			p.load()
		}(p)
		wg.Wait()
	}
}

// Negative: batches by kind, Add in the loop (helm's batchPerform).
func (m *Manager) Batches() {
	var wg sync.WaitGroup
	last := ""
	for _, p := range m.plugins {
		if p.name != last {
			wg.Wait()
			last = p.name
		}
		wg.Add(1)
		go func(p *plugin) {
			defer wg.Done()
			p.load()
		}(p)
	}
	wg.Wait()
}

// A stopper that drains its tasks before it stops (cockroach's Stopper).
type stopper struct {
	mu    sync.Mutex
	drain sync.WaitGroup
	stop  sync.WaitGroup
	tasks sync.WaitGroup
	quit  chan struct{}
}

// StartTask counts a task; nothing ever marks one finished.
func (s *stopper) StartTask() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drain.Add(1)
}

// Positive: drain is Added to and waited on, never Done.
func (s *stopper) Quiesce() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drain.Wait() // want `s.drain.Wait\(\) waits for a Done that nothing in this package calls: s.drain is only ever added to \(s.drain.Add at line 84\)`
}

// Negative: stop and tasks have their Dones.
func (s *stopper) RunWorker(f func()) {
	s.stop.Add(1)
	go func() {
		defer s.stop.Done()
		f()
	}()
}

func (s *stopper) RunTask(f func()) {
	s.tasks.Add(1)
	defer s.tasks.Done()
	f()
}

func (s *stopper) Stop() {
	close(s.quit)
	s.tasks.Wait()
	s.stop.Wait()
}

// Negative: a WaitGroup handed to a helper that calls Done through its
// pointer.
type fanout struct{ wg sync.WaitGroup }

func (f *fanout) Run(items []string) {
	for _, it := range items {
		f.wg.Add(1)
		go fetch(it, &f.wg)
	}
	f.wg.Wait()
}

func fetch(item string, wg *sync.WaitGroup) {
	defer wg.Done()
	_ = item
}

// Negative: Go counts and finishes its own task (Go 1.25).
type group struct{ wg sync.WaitGroup }

func (g *group) Run(fs []func()) {
	g.wg.Add(0)
	for _, f := range fs {
		g.wg.Go(f)
	}
	g.wg.Wait()
}

// Negative: an exported WaitGroup: another package may call Done.
type Pool struct {
	Active sync.WaitGroup
}

func (p *Pool) Acquire() { p.Active.Add(1) }
func (p *Pool) Drain()   { p.Active.Wait() }

func load(name string) error { _ = name; return nil }

func logf(string, ...any) {}

// Positive: the goroutine returns on an error before its Done.
func LoadAll(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			if err := load(n); err != nil {
				logf("load %s: %v", n, err)
				return // want `the goroutine started at line 160 returns here without calling wg.Done\(\), and wg.Wait\(\) at line 168 waits for it: Wait then blocks forever, once per call; defer wg.Done\(\) at the start of the goroutine`
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// Negative: Done on every path, explicitly.
func LoadEach(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			if err := load(n); err != nil {
				logf("load %s: %v", n, err)
				wg.Done()
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// Negative: deferred Done covers the early return.
func LoadDeferred(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := load(n); err != nil {
				return
			}
		}()
	}
	wg.Wait()
}

// Negative: the other path panics, it does not return.
func LoadOrPanic(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			if err := load(n); err != nil {
				panic(err)
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// Negative: no Wait; Done only marks the goroutine ready (a start-up
// barrier waited on elsewhere through a method).
type server struct{ ready sync.WaitGroup }

func (s *server) Start(names []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if len(names) == 0 {
			return
		}
		wg.Done()
	}()
	s.ready.Add(1)
	s.ready.Done()
}

type listJob struct{ dir string }

// Negative: the goroutine drains the jobs left on cancellation and calls
// Done for each; the Add before it counts the first job, not the drainer
// (rclone's march).
func March(ctx context.Context, dirs []string) {
	var traversing sync.WaitGroup
	in := make(chan listJob, len(dirs))
	for range 4 {
		go func() {
			for job := range in {
				_ = job
				traversing.Done()
			}
		}()
	}
	traversing.Add(1)
	in <- listJob{dir: "/"}
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			for range in {
				traversing.Done()
			}
		case <-done:
		}
	}()
	traversing.Wait()
	close(done)
	close(in)
}
