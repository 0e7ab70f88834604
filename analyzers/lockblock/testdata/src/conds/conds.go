// Package conds waits on Conds. // want package:"lockblock"
package conds

import (
	"errors"
	"sync"
)

// Positive: nothing ever signals activateWait (moby#30408).
type plugin struct {
	activateWait *sync.Cond
	manifest     *string
	err          error
}

func newPlugin() *plugin {
	return &plugin{activateWait: sync.NewCond(&sync.Mutex{})}
}

func (p *plugin) waitActive() error {
	p.activateWait.L.Lock()
	for p.manifest == nil {
		p.activateWait.Wait() // want `p\.activateWait\.Wait\(\) waits for a Signal or Broadcast that nothing in this package sends: the goroutine waits forever; call Broadcast where the condition it waits for changes`
	}
	p.activateWait.L.Unlock()
	return p.err
}

func (p *plugin) activate(m string) {
	p.manifest = &m
	p.err = errors.New("done")
}

// Negative: signalled.
type gate struct {
	cond *sync.Cond
	open bool
}

func newGate() *gate { return &gate{cond: sync.NewCond(&sync.Mutex{})} }

func (g *gate) Wait() { // want Wait:`waits g\.cond\.Wait\(\)`
	g.cond.L.Lock()
	for !g.open {
		g.cond.Wait()
	}
	g.cond.L.Unlock()
}

func (g *gate) Open() {
	g.cond.L.Lock()
	g.open = true
	g.cond.L.Unlock()
	g.cond.Broadcast()
}

// Negative: the Cond escapes: another package may signal it.
type Waiter struct {
	C    *sync.Cond
	done bool
}

func (w *Waiter) Wait() { // want Wait:`locks w\.C\.L\.Lock; waits w\.C\.Wait\(\)`
	w.C.L.Lock()
	for !w.done {
		w.C.Wait()
	}
	w.C.L.Unlock()
}

// Negative: the Cond is handed to a helper that may signal it.
type job struct {
	cond *sync.Cond
	done bool
}

func (j *job) Run(register func(*sync.Cond)) { // want Run:`waits j\.cond\.Wait\(\)`
	register(j.cond)
	j.cond.L.Lock()
	for !j.done {
		j.cond.Wait()
	}
	j.cond.L.Unlock()
}
