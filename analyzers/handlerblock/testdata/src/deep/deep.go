// Package deep is a library whose functions block in various ways; its
// facts are checked here and used by package a.
package deep

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Retry calls f until it succeeds, sleeping between attempts.
func Retry(f func() error) error { // want Retry:"blocks: deep.Retry -> deep.Backoff -> time.Sleep"
	var err error
	for i := 0; i < 3; i++ {
		if err = f(); err == nil {
			return nil
		}
		Backoff(i)
	}
	return err
}

func Backoff(attempt int) { // want Backoff:"blocks: deep.Backoff -> time.Sleep"
	time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
}

// RetryCtx waits for the context or the timer: it does not block in
// handlerblock's sense.
func RetryCtx(ctx context.Context, f func() error) error {
	for i := 0; ; i++ {
		if err := f(); err == nil || i == 3 {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// SleepCtx takes a context but sleeps anyway.
func SleepCtx(ctx context.Context) { // want SleepCtx:"blocks: deep.SleepCtx -> time.Sleep"
	time.Sleep(time.Second)
}

// WaitDone waits on a Done() channel held in a variable.
func WaitDone(ctx context.Context, ch <-chan int) int {
	done := ctx.Done()
	select {
	case v := <-ch:
		return v
	case <-done:
		return 0
	}
}

// Async sleeps on another goroutine: the caller does not block.
func Async() {
	go func() {
		time.Sleep(time.Second)
	}()
	go Backoff(1)
}

// Queue is a worker's queue.
type Queue struct {
	jobs    chan string
	results chan string
	cond    *sync.Cond
	ready   bool
}

// Channel operations are deep's own protocol: they get no fact, and callers
// in other packages are not told about them.
func (q *Queue) Submit(job string) {
	q.jobs <- job
}

func (q *Queue) Next() string {
	return <-q.results
}

// TrySubmit does not block: the select has a default.
func (q *Queue) TrySubmit(job string) bool {
	select {
	case q.jobs <- job:
		return true
	default:
		return false
	}
}

// SubmitCtx gives up when the context is done.
func (q *Queue) SubmitCtx(ctx context.Context, job string) error {
	select {
	case q.jobs <- job:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// WaitReady waits for a state (for !q.ready { Wait() }): whether it waits
// at all is decided by the queue, not by its callers, so no fact.
func (q *Queue) WaitReady() {
	q.cond.L.Lock()
	for !q.ready {
		q.cond.Wait()
	}
	q.cond.L.Unlock()
}

// Mutexes are not waits handlerblock reports.
var mu sync.Mutex

func Locked(f func()) {
	mu.Lock()
	defer mu.Unlock()
	f()
}

// Mutual recursion terminates, and the chain is a shortest one.
func Ping(n int) { // want Ping:"blocks: deep.Ping -> deep.Pong -> time.Sleep"
	if n > 0 {
		Pong(n - 1)
	}
}

func Pong(n int) { // want Pong:"blocks: deep.Pong -> time.Sleep"
	Ping(n)
	time.Sleep(time.Millisecond)
}

// unexported functions get no fact, but exported callers carry their chain.
func pause() { time.Sleep(time.Millisecond) }

func Pause() { pause() } // want Pause:"blocks: deep.Pause -> deep.pause -> time.Sleep"

// Generic functions: the fact is on the declaration.
func Each[T any](xs []T, f func(T)) { // want Each:"blocks: deep.Each -> time.Sleep"
	for _, x := range xs {
		f(x)
		time.Sleep(time.Millisecond)
	}
}

// Box has a generic method.
type Box[T any] struct{ ch chan T }

func (b *Box[T]) Get() T { return <-b.ch }

// A sleep found after a channel operation still gives a fact.
func (q *Queue) SubmitSlowly(job string) { // want SubmitSlowly:"blocks: deep.Queue.SubmitSlowly -> time.Sleep"
	q.jobs <- job
	time.Sleep(time.Millisecond)
}

// A timer's channel, and a select on timers only, are sleeps.
func Tick() { // want Tick:"blocks: deep.Tick -> <-t.C"
	t := time.NewTimer(time.Second)
	<-t.C
}

func TimerSelect(d time.Duration) { // want TimerSelect:"blocks: deep.TimerSelect -> select on timers only"
	select {
	case <-time.After(d):
	}
}

// Calls through function values and interfaces are not assumed to block.
type Sleeper interface{ Sleep() }

func CallValue(f func()) { f() }

func CallIface(s Sleeper) { s.Sleep() }

// Deferred calls run before the function returns: they count.
func Deferred() { // want Deferred:"blocks: deep.Deferred -> deep.Nap -> time.Sleep"
	defer Nap()
}

// Sleepers with a sleep each, so that the handlers calling them are each a
// root of their own.
func Nap()             { time.Sleep(time.Millisecond) } // want Nap:"blocks: deep.Nap -> time.Sleep"
func Snooze(n int)     { time.Sleep(time.Millisecond) } // want Snooze:"blocks: deep.Snooze -> time.Sleep"
func Doze()            { time.Sleep(time.Millisecond) } // want Doze:"blocks: deep.Doze -> time.Sleep"
func Rest()            { time.Sleep(time.Millisecond) } // want Rest:"blocks: deep.Rest -> time.Sleep"
func Open(name string) { time.Sleep(time.Millisecond) } // want Open:"blocks: deep.Open -> time.Sleep"
func Lull()            { time.Sleep(time.Millisecond) } // want Lull:"blocks: deep.Lull -> time.Sleep"
func LullLater()       { defer Lull() }                 // want LullLater:"blocks: deep.LullLater -> deep.Lull -> time.Sleep"

// A literal called in place counts; one only stored does not.
func InPlace() { // want InPlace:"blocks: deep.InPlace -> time.Sleep"
	func() { time.Sleep(time.Millisecond) }()
}

func Stored() func() {
	return func() { time.Sleep(time.Millisecond) }
}

// Arguments of a go statement are evaluated by the caller.
func GoArgs() { // want GoArgs:"blocks: deep.GoArgs -> deep.Wait -> time.Sleep"
	go fmtln(Wait())
}

func Wait() int { time.Sleep(time.Millisecond); return 1 } // want Wait:"blocks: deep.Wait -> time.Sleep"

func fmtln(int) {}

// Long chains are shortened in facts and messages (summary.MaxChain).
func L1() { L2() }          // want L1:`blocks: deep.L1 -> deep.L2 -> deep.L3 -> deep.L4 -> deep.L5 -> deep.L6 -> \.\.\. -> time.Sleep`
func L2() { L3() }          // want L2:"blocks: deep.L2 .*"
func L3() { L4() }          // want L3:"blocks: deep.L3 .*"
func L4() { L5() }          // want L4:"blocks: deep.L4 .*"
func L5() { L6() }          // want L5:"blocks: deep.L5 .*"
func L6() { L7() }          // want L6:"blocks: deep.L6 .*"
func L7() { L8() }          // want L7:"blocks: deep.L7 .*"
func L8() { L9() }          // want L8:"blocks: deep.L8 .*"
func L9() { time.Sleep(1) } // want L9:"blocks: deep.L9 -> time.Sleep"

// Ordinary paths: a summary carries a wait to the callers only when the
// wait is on the function's ordinary path, not under a condition they do
// not control.

type Config struct {
	Slow  bool
	Proxy string
}

type Store struct {
	cfg     Config
	ready   bool
	cond    *sync.Cond
	obj     *int
	writers int
}

var debug bool

// On a field, a global, another call's error: no fact.
func (s *Store) Load() {
	if s.cfg.Slow {
		time.Sleep(time.Millisecond)
	}
}

func Trace() {
	if debug {
		time.Sleep(time.Millisecond)
	}
}

func OnError() error {
	if err := try(); err != nil {
		time.Sleep(time.Millisecond)
		return err
	}
	return nil
}

func try() error { return nil }

// A retry of another call sleeps only after that call failed.
func Save(data []byte, retries int) error {
	var err error
	for i := 0; i <= retries; i++ {
		err = write(data)
		if err == nil {
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return err
}

func write([]byte) error { return nil }

// A poll for a state sleeps only while the state is not there.
func (s *Store) WaitValid() (*int, error) {
	for range 50 {
		o := s.obj
		if o != nil {
			return o, nil
		}
		if s.writers == 0 {
			return nil, errors.New("writer failed")
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, errors.New("not found")
}

func (s *Store) Poll() {
	for !s.ready {
		time.Sleep(time.Millisecond)
	}
}

// Which case of a select runs is not the caller's choice.
func OnSignal(ch <-chan int) {
	select {
	case <-ch:
		time.Sleep(time.Millisecond)
	default:
	}
}

// Early-return guards before a wait keep it on the ordinary path.
func Guarded(name string) error { // want Guarded:"blocks: deep.Guarded -> time.Sleep"
	if err := try(); err != nil {
		return err
	}
	if name == "" {
		return nil
	}
	time.Sleep(time.Millisecond)
	return nil
}

// Under conditions on its parameters: a fact, and the callers decide by
// what they pass.
func Throttle(slow bool) { // want Throttle:"blocks: deep.Throttle -> time.Sleep \\(depending on parameters \\[0\\]\\)"
	if slow {
		time.Sleep(time.Millisecond)
	}
}

func Dial(addr string, cfg Config) { // want Dial:"blocks: deep.Dial -> time.Sleep \\(depending on parameters \\[1\\]\\)"
	if cfg.Proxy != "" {
		time.Sleep(time.Millisecond)
	}
}

// A caller passing a constant makes it unconditional; passing its own
// parameter keeps it conditional; passing a field drops it.
func ThrottleAlways() { Throttle(true) } // want ThrottleAlways:"blocks: deep.ThrottleAlways -> deep.Throttle -> time.Sleep$"

func ThrottleIf(slow bool) { Throttle(slow) } // want ThrottleIf:"blocks: deep.ThrottleIf -> deep.Throttle -> time.Sleep \\(depending on parameters \\[0\\]\\)"

func (s *Store) ThrottleConfigured() { Throttle(s.cfg.Slow) }

// A sleep in a loop that checks the context gives up within one sleep.
func PollCtx(ctx context.Context, n int) error {
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		time.Sleep(time.Millisecond)
	}
	return nil
}
