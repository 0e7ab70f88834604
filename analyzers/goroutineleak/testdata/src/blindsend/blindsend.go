package blindsend

import (
	"context"
	"sync"
	"time"
)

type Event struct{ Name string }

type source interface{ Next() Event }

// A Stopper runs workers on goroutines of their own and stops them.
type Stopper struct {
	stop chan struct{}
	wg   sync.WaitGroup
}

func NewStopper() *Stopper { return &Stopper{stop: make(chan struct{})} }

func (s *Stopper) RunWorker(f func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
}

func (s *Stopper) ShouldStop() <-chan struct{} { return s.stop }

func (s *Stopper) Stop() {
	close(s.stop)
	s.wg.Wait()
}

// A Transport pumps events to its consumer until stopped.
type Transport struct {
	events  chan Event
	stopper *Stopper
	src     source
}

func NewTransport(s *Stopper, src source) *Transport {
	t := &Transport{events: make(chan Event), stopper: s, src: src}
	t.start()
	return t
}

// Positive: the loop checks for its stop, then sends blind; the consumer
// leaves on the same stop (cockroach's local transport).
func (t *Transport) start() {
	t.stopper.RunWorker(func() {
		for {
			select {
			case <-t.stopper.ShouldStop():
				return
			default:
				t.events <- t.src.Next() // want `this send on t.events is not in a select with <-t.stopper.ShouldStop\(\) \(line 55\): when the receiver stops first \(it can leave at line 71\), the goroutine started at line 52, per Transport object \(Transport has Close`
			}
		}
	})
}

func (t *Transport) Close() error { return nil }

func (t *Transport) Consume(handle func(Event)) {
	for {
		select {
		case ev := <-t.events:
			handle(ev)
		case <-t.stopper.ShouldStop():
			return
		}
	}
}

// A Pipe forwards events in a stage that selects on the send too.
type Pipe struct {
	in, out chan Event
}

func NewPipe() *Pipe { return &Pipe{in: make(chan Event), out: make(chan Event)} }

// Negative: the send is a case of the select with the stop.
func (p *Pipe) Run(ctx context.Context) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case ev := <-p.in:
				select {
				case p.out <- ev:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
}

func (p *Pipe) Close() error { return nil }

func (p *Pipe) Drain(ctx context.Context) {
	for {
		select {
		case <-p.out:
		case <-ctx.Done():
			return
		}
	}
}

func (p *Pipe) Feed(ev Event) { p.in <- ev }

// A Ticker's consumer drains until the channel is closed: a blind send
// there never blocks forever.
type Ticker struct {
	ticks chan time.Time
}

func NewTicker() *Ticker { return &Ticker{ticks: make(chan time.Time)} }

// Negative: the only receiver ranges until close.
func (t *Ticker) Run(ctx context.Context) {
	go func() {
		defer close(t.ticks)
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-time.After(time.Second):
				t.ticks <- now
			}
		}
	}()
	go func() {
		for range t.ticks {
		}
	}()
}

func (t *Ticker) Close() error { return nil }
