package a

import (
	"context"
	"errors"
	"time"
)

func work() (int, error) { return 1, nil }

// Positive: the parent returns on ctx.Done() and the sender blocks forever.
func CtxDone(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		v, _ := work()
		ch <- v // want `goroutine blocks forever on this send when the parent returns from the select case at line 19 without receiving from ch`
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
	errc := make(chan error, 0)
	go func() {
		_, err := work()
		errc <- err // want `receiving from errc: make the channel buffered \(make\(chan error, 1\)\)`
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
	ch := make(chan int)
	for range addrs {
		go func() {
			v, _ := work()
			ch <- v // want `goroutines started in a loop send on ch, but the parent receives only once`
		}()
	}
	return <-ch
}

// Positive: a timer case in a var declaration.
func Timer() int {
	var ch = make(chan int)
	t := time.NewTimer(time.Second)
	defer t.Stop()
	go func() {
		ch <- 1 // want `goroutine blocks forever on this send`
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
	ch := make(chan int)
	go func() {
		//conclint:ignore goroutineleak the caller drains ch in tests only
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
	ch := make(chan bool)
	errCh := make(chan error)
	go func() {
		if _, err := work(); err != nil {
			errCh <- err // want `select case at line 218 without receiving from errCh`
		} else {
			ch <- true // want `select case at line 218 without receiving from ch`
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
	results := make(chan bool)
	go func() {
		results <- true // want `select case at line 230 without receiving from results`
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
	results := make(chan bool)
	go func() {
		results <- true // want `goroutine blocks forever on this send`
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
	errc := make(chan error)
	for range addrs {
		go func() {
			_, err := work()
			errc <- err // want `the loop receiving them \(line 293\) can return early`
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
