// Package robust holds code shapes that must not crash the analyzer:
// package-level literals and calls, generics, channels of channels,
// method values, labelled loops, blank identifiers.
package robust

import (
	"context"
	"sync"
	"time"
)

var ready = make(chan struct{})

var start = func() {
	go func() {
		for range ready { // want `this range over ready blocks forever`
		}
	}()
}

var primed = prime()

func prime() bool { return true }

var onStop = func(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithCancel(ctx)
}

type Queue[T any] struct {
	mu    sync.Mutex
	items chan T
	done  chan struct{}
}

func NewQueue[T any]() *Queue[T] {
	q := &Queue[T]{items: make(chan T), done: make(chan struct{})}
	go q.drain()
	return q
}

func (q *Queue[T]) drain() {
	for {
		select {
		case <-q.items:
		case <-q.done:
			return
		}
	}
}

func (q *Queue[T]) Close() { close(q.done) }

func (q *Queue[T]) Push(v T) { q.items <- v }

type handler func(chan chan int)

func use(h handler) {
	ch := make(chan chan int)
	go h(ch)
	c := <-ch
	_ = c
}

func labelled(ctx context.Context) {
	go func() {
	outer:
		for {
			for {
				select {
				case <-ctx.Done():
					break outer
				case <-time.After(time.Second):
					continue outer
				}
			}
		}
	}()
}

func methodValue(q *Queue[int]) {
	f := q.drain
	go f()
	_, _ = onStop(context.Background()) // want `is assigned to _`
}

func blank() {
	_ = make(chan int)
	var _ chan int
	go func(_ chan int) {}(nil)
}
