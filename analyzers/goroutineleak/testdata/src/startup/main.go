// Package main starts its background loops once: none is a leak.
package main

import (
	"context"
	"os"
	"os/signal"
	"time"
)

func main() {
	go metricsLoop()
	r := newRegistry()
	defer r.Close()
	done := make(chan struct{})
	go watchSignals(done)
	<-done // waits for the end of the program
	run(nil, nil)
}

// Negative: started once from main, for the life of the process.
func metricsLoop() {
	for {
		time.Sleep(10 * time.Second)
		flush()
	}
}

func flush() {}

type registry struct{ stop chan struct{} }

// Negative: a constructor called once from main; its type has Close, but
// it is made once.
func newRegistry() *registry {
	r := &registry{}
	go r.gc()
	return r
}

func (r *registry) gc() {
	for {
		time.Sleep(time.Minute)
	}
}

func (r *registry) Close() error { return nil }

func watchSignals(done chan<- struct{}) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	<-ch
	close(done)
}

// Negative: a main-only context whose stop case breaks: start-up code.
func init() {
	ctx, cancel := context.WithCancel(context.Background())
	_ = cancel
	go func() {
		for {
			select {
			case <-ctx.Done():
				break
			case <-time.After(time.Second):
			}
		}
	}()
}

type server interface{ Serve() error }

// Negative: two servers at start-up, the first error ends the process.
func serveBoth(a, b server) error {
	errc := make(chan error)
	go func() { errc <- a.Serve() }()
	go func() { errc <- b.Serve() }()
	return <-errc
}

func run(a, b server) {
	if err := serveBoth(a, b); err != nil {
		os.Exit(1)
	}
}
