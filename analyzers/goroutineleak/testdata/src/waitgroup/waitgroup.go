package waitgroup

import "sync"

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
		wg.Wait() // want `wg.Wait inside the loop that starts the goroutines waits, on the first iteration, for every Done promised by wg.Add at line 14`
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
