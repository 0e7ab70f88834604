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

// A raft node hands each batch to the applier with a notify channel of
// its own, one slot for its one send (etcd's raftNode).
type toApply struct {
	entries []int
	notifyc chan struct{}
}

type raftNode struct {
	ready   chan []int
	applyc  chan toApply
	stopped chan struct{}
}

func (r *raftNode) Stop() { close(r.stopped) }

func (r *raftNode) sync() error { return nil }

// Negative: each notifyc is made for one iteration with a slot for its one
// send, whichever branch sends it.
func (r *raftNode) start() {
	go func() {
		for {
			select {
			case rd := <-r.ready:
				notifyc := make(chan struct{}, 1)
				select {
				case r.applyc <- toApply{entries: rd, notifyc: notifyc}:
				case <-r.stopped:
					return
				}
				if err := r.sync(); err != nil {
					notifyc <- struct{}{}
				} else {
					notifyc <- struct{}{}
				}
			case <-r.stopped:
				return
			}
		}
	}()
}

func (r *raftNode) applyAll() {
	for {
		select {
		case ap := <-r.applyc:
			<-ap.notifyc
		case <-r.stopped:
			return
		}
	}
}

// A file pipeline whose producer reports its one error on a buffered
// channel and returns (etcd's WAL file pipeline).
type filePipeline struct {
	filec chan int
	errc  chan error
	donec chan struct{}
}

func newFilePipeline() *filePipeline {
	fp := &filePipeline{filec: make(chan int), errc: make(chan error, 1), donec: make(chan struct{})}
	go fp.run()
	return fp
}

func (fp *filePipeline) alloc() (int, error) { return 0, nil }

// Negative: errc has a slot for the one error run sends before it returns.
func (fp *filePipeline) run() {
	defer close(fp.errc)
	for {
		f, err := fp.alloc()
		if err != nil {
			fp.errc <- err
			return
		}
		select {
		case fp.filec <- f:
		case <-fp.donec:
			return
		}
	}
}

func (fp *filePipeline) Open() (int, error) {
	select {
	case f := <-fp.filec:
		return f, nil
	case err := <-fp.errc:
		return 0, err
	}
}

func (fp *filePipeline) Close() error {
	close(fp.donec)
	return <-fp.errc
}

// A plugin whose loop serves reconfigure requests, each with a reply
// channel of its own (opa's status plugin).
type reconfigure struct {
	config string
	done   chan struct{}
}

type plugin struct {
	reconfig chan reconfigure
	stop     chan chan struct{}
	config   string
}

func newPlugin() *plugin {
	p := &plugin{reconfig: make(chan reconfigure), stop: make(chan chan struct{})}
	go p.loop()
	return p
}

// Negative: the requester waits for its reply with a plain receive, so the
// one send on done always has its receiver.
func (p *plugin) loop() {
	for {
		select {
		case update := <-p.reconfig:
			p.config = update.config
			update.done <- struct{}{}
		case done := <-p.stop:
			done <- struct{}{}
			return
		}
	}
}

func (p *plugin) Reconfigure(config string) {
	done := make(chan struct{})
	p.reconfig <- reconfigure{config: config, done: done}
	<-done
}

func (p *plugin) Stop() {
	d := make(chan struct{})
	p.stop <- d
	<-d
}
