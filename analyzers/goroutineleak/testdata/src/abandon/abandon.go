package abandon

import (
	"context"
	"errors"
	"time"
)

func work() (int, error) { return 1, nil }

// Positive: the parent returns on ctx.Done() and the sender blocks forever.
func CtxDone(ctx context.Context) (int, error) {
	ch := make(chan int) // want `ch is unbuffered and the goroutine started at line 14 sends on it, but the parent can return from the select case at line 19 without receiving`
	go func() {
		v, _ := work()
		ch <- v
	}()
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case v := <-ch:
		return v, nil
	}
}

// Positive: a timeout case, explicit cap 0.
func Timeout() error {
	errc := make(chan error, 0) // want `errc is unbuffered .* make it buffered \(make\(chan error, 1\)\)`
	go func() {
		_, err := work()
		errc <- err
	}()
	select {
	case err := <-errc:
		return err
	case <-time.After(time.Second):
		return errors.New("timeout")
	}
}

// Positive: the first of N results; the others block forever.
func FirstOfN(addrs []string) int {
	ch := make(chan int) // want `goroutines started in a loop \(line 45\) send on ch, but the parent receives only once \(line 50\)`
	for range addrs {
		go func() {
			v, _ := work()
			ch <- v
		}()
	}
	return <-ch
}

// Positive: a timer case in a var declaration.
func Timer() int {
	var ch = make(chan int) // want `ch is unbuffered and the goroutine started at line 58 sends on it`
	t := time.NewTimer(time.Second)
	defer t.Stop()
	go func() {
		ch <- 1
	}()
	select {
	case v := <-ch:
		return v
	case <-t.C:
		return -1
	}
}

// Negative: buffered channel.
func Buffered(ctx context.Context) int {
	ch := make(chan int, 1)
	go func() {
		ch <- 1
	}()
	select {
	case <-ctx.Done():
		return 0
	case v := <-ch:
		return v
	}
}

// Negative: the goroutine sends in a select with the parent's done.
func SenderSelects(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		select {
		case ch <- 1:
		case <-ctx.Done():
		}
	}()
	select {
	case <-ctx.Done():
		return 0
	case v := <-ch:
		return v
	}
}

// Negative: the sender has a default case.
func SenderDefault(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		select {
		case ch <- 1:
		default:
		}
	}()
	select {
	case <-ctx.Done():
		return 0
	case v := <-ch:
		return v
	}
}

// Negative: the parent always receives.
func AlwaysReceives() int {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	return <-ch
}

// Negative: the other select case does not return; the parent still receives.
func OtherCaseNoReturn(tick <-chan time.Time) int {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	for {
		select {
		case <-tick:
			continue
		case v := <-ch:
			return v
		}
	}
}

// Negative: N senders, N receives.
func AllOfN(addrs []string) int {
	ch := make(chan int)
	for range addrs {
		go func() {
			ch <- 1
		}()
	}
	sum := 0
	for range addrs {
		sum += <-ch
	}
	return sum
}

// Negative: the channel escapes to another function, which may drain it.
func Escapes(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	go drain(ch)
	select {
	case <-ctx.Done():
		return 0
	case v := <-ch:
		return v
	}
}

func drain(ch chan int) { <-ch }

// Negative: the channel is closed by the parent (a signal, not a result).
func Closed(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		done <- struct{}{}
	}()
	defer close(done)
	select {
	case <-ctx.Done():
		return
	case <-done:
	}
}

// Suppressed with a reason.
func Suppressed(ctx context.Context) int {
	//conclint:ignore goroutineleak the caller drains ch in tests only
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	select {
	case <-ctx.Done():
		return 0
	case v := <-ch:
		return v
	}
}

// Positive: the select is the last thing the function does; the timeout
// case leaves it without receiving, with no return in its body.
func TwoResults(timeout time.Duration) error {
	ch := make(chan bool)     // want `ch is unbuffered .* select case at line 218`
	errCh := make(chan error) // want `errCh is unbuffered .* select case at line 218`
	go func() {
		if _, err := work(); err != nil {
			errCh <- err
		} else {
			ch <- true
		}
	}()
	select {
	case <-ch:
	case <-errCh:
	case <-time.After(timeout):
	}
	return nil
}

// Positive: the ctx case drains the result, the stop case does not.
func DrainOnOneCase(ctx context.Context, stop chan bool) {
	results := make(chan bool) // want `results is unbuffered .* select case at line 230`
	go func() {
		results <- true
	}()
	select {
	case <-stop:
		return
	case <-results:
	case <-ctx.Done():
		<-results
	}
}

// Negative: every case that leaves receives first.
func DrainOnEveryCase(ctx context.Context) {
	results := make(chan bool)
	go func() {
		results <- true
	}()
	select {
	case <-results:
	case <-ctx.Done():
		<-results
	}
}

// Negative: two selects receive; not judged.
func TwoSelects(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	select {
	case <-ctx.Done():
	case v := <-ch:
		return v
	}
	select {
	case v := <-ch:
		return v
	}
}

// Positive: the goroutine closes the channel after its send, which never
// completes once the parent left.
func SendThenClose(stop chan bool) {
	results := make(chan bool) // want `results is unbuffered and the goroutine started at line 272`
	go func() {
		results <- true
		close(results)
	}()
	select {
	case <-stop:
		return
	case <-results:
	}
}

// Positive: the receiving loop returns on the first error.
func FirstError(addrs []string) error {
	errc := make(chan error) // want `goroutines started in a loop \(line 287\) send on errc, but the loop receiving from it \(line 293\) can return at line 294`
	for range addrs {
		go func() {
			_, err := work()
			errc <- err
		}()
	}
	for range addrs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Negative: the receiving loop collects every error before returning.
func AllErrors(addrs []string) error {
	errc := make(chan error)
	for range addrs {
		go func() {
			_, err := work()
			errc <- err
		}()
	}
	var first error
	for range addrs {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Positive: the goroutine also sends from a deferred recover; the parent
// returns on ctx.Done() (gval's toFunc before its fix).
func Recovered(ctx context.Context, f func() error) error {
	errCh := make(chan error) // want `errCh is unbuffered and the goroutine started at line 322 sends on it`
	go func() {
		defer func() {
			if r := recover(); r != nil {
				errCh <- errors.New("panic")
			}
		}()
		errCh <- f()
	}()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case err := <-errCh:
		return err
	}
}

type result struct {
	v   int
	err error
}

type installer struct{}

// Positive: the goroutine runs a method of the package that sends on its
// parameter through a helper (helm's RunWithContext before its fix).
func (i *installer) RunWithContext(ctx context.Context) (int, error) {
	rChan := make(chan result) // want `rChan is unbuffered and the goroutine started at line 349 sends on it, but the parent can return from the select case at line 353`
	go i.perform(rChan)
	select {
	case r := <-rChan:
		return r.v, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (i *installer) perform(c chan<- result) {
	if _, err := work(); err != nil {
		i.report(c, err)
		return
	}
	i.report(c, nil)
}

func (i *installer) report(c chan<- result, err error) {
	c <- result{err: err}
}

type info struct{}

// Positive: a helper starts one goroutine per item, each sending its error;
// the caller returns on the first error (helm's perform before its fix).
func perform(infos []*info, fn func(*info) error) error {
	errs := make(chan error) // want `the goroutine started at line 376 sends in a loop on errs, but the loop receiving from it \(line 378\) can return at line 380`
	go batchPerform(infos, fn, errs)
	for range infos {
		err := <-errs
		if err != nil {
			return err
		}
	}
	return nil
}

func batchPerform(infos []*info, fn func(*info) error, errs chan<- error) {
	for _, in := range infos {
		go func(i *info) {
			errs <- fn(i)
		}(in)
	}
}

// Positive: the consumer ranges over the producer's channel and returns on
// the first error; the producer blocks on its next send, buffer or not.
func FirstBad(ctx context.Context, items []int) error {
	out := make(chan error, 4) // want `the goroutine started at line 398 sends in a loop on out, but the loop receiving from it \(line 404\) can return at line 406`
	go func() {
		defer close(out)
		for range items {
			out <- check()
		}
	}()
	for err := range out {
		if err != nil {
			return err
		}
	}
	return nil
}

func check() error { return nil }

// Negative: the consumer drains the whole range.
func DrainAll(items []int) error {
	out := make(chan error)
	go func() {
		defer close(out)
		for range items {
			out <- check()
		}
	}()
	var first error
	for err := range out {
		if err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Negative: the producer selects on the context the consumer gives up on.
func ProducerSelects(ctx context.Context, items []int) error {
	out := make(chan error)
	go func() {
		defer close(out)
		for range items {
			select {
			case out <- check():
			case <-ctx.Done():
				return
			}
		}
	}()
	for err := range out {
		if err != nil {
			return err
		}
	}
	return nil
}

// Negative: one slot per sender (the buffer is not a constant).
func SlotPerSender(addrs []string) int {
	ch := make(chan int, len(addrs))
	for range addrs {
		go func() {
			v, _ := work()
			ch <- v
		}()
	}
	return <-ch
}

// Negative: a buffer of 1 for the single send of a single goroutine.
func BufferedOne(ctx context.Context) error {
	errCh := make(chan error, 1)
	go func() {
		errCh <- check()
	}()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case err := <-errCh:
		return err
	}
}

// Negative: the named goroutine sends in a select with the context.
func (i *installer) RunSelecting(ctx context.Context) error {
	c := make(chan error)
	go i.sendOrGiveUp(ctx, c)
	select {
	case err := <-c:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (i *installer) sendOrGiveUp(ctx context.Context, c chan<- error) {
	select {
	case c <- check():
	case <-ctx.Done():
	}
}

// Negative: the named goroutine hands the channel to code the analysis
// does not see.
func (i *installer) RunHandingOff(ctx context.Context, sink func(chan<- error)) error {
	c := make(chan error)
	go i.handOff(c, sink)
	select {
	case err := <-c:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (i *installer) handOff(c chan<- error, sink func(chan<- error)) {
	sink(c)
}

// Negative: the loop leaves early but drains the rest in a goroutine.
func DrainAfterBreak(items []int) error {
	out := make(chan error)
	go func() {
		defer close(out)
		for range items {
			out <- check()
		}
	}()
	var first error
	for err := range out {
		if err != nil {
			first = err
			break
		}
	}
	go func() {
		for range out {
		}
	}()
	return first
}

type watcher interface {
	Next() ([]string, error)
	Stop() error
}

// Negative: the goroutine sends once (each send in its loop is followed by
// a return) on a channel with a buffer of 1 (kratos' resolver).
func WaitFirst(ctx context.Context, w watcher, update func([]string) bool) error {
	done := make(chan error, 1)
	go func() {
		for {
			services, err := w.Next()
			if err != nil {
				done <- err
				return
			}
			if update(services) {
				done <- nil
				return
			}
		}
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		w.Stop()
		return ctx.Err()
	}
}

type server interface{ Serve() error }

// Negative: one slot for each of three servers (etcd's grpc proxy).
func ServeAll(a, b, c server) error {
	errc := make(chan error, 3)
	go func() { errc <- a.Serve() }()
	go func() { errc <- b.Serve() }()
	go func() { errc <- c.Serve() }()
	return <-errc
}

// Positive: two servers, one slot, the first error wins.
func ServeTwo(a, b server) error {
	errc := make(chan error, 1) // want `the goroutines started at lines 583, 584 send on errc, but the parent receives only once`
	go func() { errc <- a.Serve() }()
	go func() { errc <- b.Serve() }()
	return <-errc
}

type span struct{ key string }

// Positive: the producer goroutine hands the channel to a helper that sends
// in a loop; the consumer returns from its range when the context ends, and
// the helper blocks on its next send (cockroach's restore, before its fix).
func Restore(ctx context.Context, spans []span) error {
	readyCh := make(chan span, 4) // want `the goroutine started at line 595 sends in a loop on readyCh, but the loop receiving from it \(line 599\) can return at line 602`
	go func() {
		defer close(readyCh)
		splitAndScatter(spans, readyCh)
	}()
	for sp := range readyCh {
		select {
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		importSpan(sp)
	}
	return nil
}

func splitAndScatter(spans []span, readyCh chan<- span) {
	for _, sp := range spans {
		readyCh <- sp
	}
}

func importSpan(span) {}

// Positive: the helper sends once, but the goroutine calls it for every
// item; the consumer leaves on the first error.
func FetchAll(items []string) error {
	errs := make(chan error) // want `the goroutine started at line 622 sends in a loop on errs, but the loop receiving from it \(line 628\) can return at line 630`
	go func() {
		for _, it := range items {
			fetchOne(it, errs)
		}
		close(errs)
	}()
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func fetchOne(item string, errs chan<- error) {
	errs <- check()
}

// Negative: the helper selects on the context the consumer gives up on.
func RestoreSelecting(ctx context.Context, spans []span) error {
	readyCh := make(chan span)
	go func() {
		defer close(readyCh)
		scatterOrStop(ctx, spans, readyCh)
	}()
	for sp := range readyCh {
		select {
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		importSpan(sp)
	}
	return nil
}

func scatterOrStop(ctx context.Context, spans []span, readyCh chan<- span) {
	for _, sp := range spans {
		select {
		case readyCh <- sp:
		case <-ctx.Done():
			return
		}
	}
}

// Negative: the consumer drains the whole range, keeping the first error.
func RestoreDraining(spans []span) error {
	readyCh := make(chan span)
	go func() {
		defer close(readyCh)
		splitAndScatter(spans, readyCh)
	}()
	var err error
	for sp := range readyCh {
		if err != nil {
			continue
		}
		err = importChecked(sp)
	}
	return err
}

func importChecked(span) error { return nil }

// Negative: the helper hands the channel on to code the package does not
// see (a callback): who else receives is unknown.
func RestoreHandedOn(ctx context.Context, spans []span, sink func(chan<- span)) error {
	readyCh := make(chan span)
	go func() {
		defer close(readyCh)
		forward(readyCh, sink)
	}()
	for sp := range readyCh {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		importSpan(sp)
	}
	return nil
}

func forward(readyCh chan<- span, sink func(chan<- span)) { sink(readyCh) }

// Negative: the helper sends once and the buffer holds it.
func OneResult(ctx context.Context) error {
	res := make(chan error, 1)
	go func() {
		fetchOne("x", res)
	}()
	select {
	case err := <-res:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
