package dep // want package:"ctxuse solved"

// dep has a function for each way a context parameter is used, or
// not, for cancellation; its facts are checked, and package b reads them.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"
)

type key struct{}

// Waits observes cancellation: a dial gives up when it ends.
func Waits(ctx context.Context) error { // want Waits:`ctxuse\(used\)`
	c, err := (&net.Dialer{}).DialContext(ctx, "tcp", "peer:1")
	if err == nil {
		c.Close()
	}
	return err
}

// Parks only ends one wait on someone else's work with it: cancelling
// frees the goroutine, and stops no work.
func Parks(ctx context.Context, done <-chan struct{}) error { // want Parks:`ctxuse\(parked, used\)`
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ParksThrough parks through a call, once.
func ParksThrough(ctx context.Context) error { return Parks(ctx, nil) } // want ParksThrough:`ctxuse\(parked\)`

// ParksInLoop waits again and again: cancelling ends the loop.
func ParksInLoop(ctx context.Context, events <-chan int) { // want ParksInLoop:`ctxuse\(used, used\)`
	for {
		select {
		case <-events:
		case <-ctx.Done():
			return
		}
	}
}

// CallsParksInLoop calls a parking function in a loop: a use.
func CallsParksInLoop(ctx context.Context, n int) { // want CallsParksInLoop:`ctxuse\(used, used\)`
	for range n {
		_ = Parks(ctx, nil)
	}
}

// ParksAndDials parks, then does work with it: the work decides.
func ParksAndDials(ctx context.Context) error { // want ParksAndDials:`ctxuse\(used\)`
	if err := Parks(ctx, nil); err != nil {
		return err
	}
	return Waits(ctx)
}

// ChecksThenParks checks once, then parks: parked.
func ChecksThenParks(ctx context.Context) error { // want ChecksThenParks:`ctxuse\(parked\)`
	if err := ctx.Err(); err != nil {
		return err
	}
	return Parks(ctx, nil)
}

// SleepsUntilDone waits for nothing but the context: a use (a bounded
// context would make it a sleep of the whole timeout).
func SleepsUntilDone(ctx context.Context) { // want SleepsUntilDone:`ctxuse\(used\)`
	<-ctx.Done()
}

// Values reads values only.
func Values(ctx context.Context, k string) any { // want Values:`ctxuse\(ignored, used\)`
	return ctx.Value(k)
}

func Logs(ctx context.Context) { slog.InfoContext(ctx, "x") } // want Logs:`ctxuse\(ignored\)`

func Blank(_ context.Context) {} // want Blank:`ctxuse\(ignored\)`

func Unnamed(context.Context) {} // want Unnamed:`ctxuse\(ignored\)`

func NoContext(n int) {}

func Std(ctx context.Context, db *sql.DB) { // want Std:`ctxuse\(used, used\)`
	db.QueryContext(ctx, "SELECT 1")
}

func Through(ctx context.Context) { // want Through:`ctxuse\(ignored\)`
	Values(ctx, "k")
	Logs(ctx)
}

// Deep uses its context through an unexported helper solved later.
func Deep(ctx context.Context) { helper(ctx) } // want Deep:`ctxuse\(used\)`

func helper(ctx context.Context) { _ = Waits(ctx) }

func Derived(ctx context.Context) { // want Derived:`ctxuse\(used\)`
	c, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_ = Waits(c)
}

func DerivedIgnored(ctx context.Context) { // want DerivedIgnored:`ctxuse\(ignored\)`
	c := context.WithValue(ctx, key{}, 1)
	Values(c, "k")
}

func Returns(ctx context.Context) context.Context { // want Returns:`ctxuse\(returned\)`
	return context.WithValue(ctx, key{}, 1)
}

func Named(ctx context.Context) (c context.Context) { // want Named:`ctxuse\(returned\)`
	c = ctx
	return
}

func ThroughReturn(ctx context.Context) { // want ThroughReturn:`ctxuse\(used\)`
	c := Returns(ctx)
	_ = Waits(c)
}

func ThroughReturnIgnored(ctx context.Context) { // want ThroughReturnIgnored:`ctxuse\(ignored\)`
	c := Returns(ctx)
	_ = c.Value(1)
}

type T struct{ ctx context.Context }

// Stored: what happens to the context later is not seen.
func Stored(ctx context.Context) *T { return &T{ctx: ctx} } // want Stored:`ctxuse\(used\)`

func (t *T) Set(ctx context.Context) { t.ctx = ctx } // want Set:`ctxuse\(used\)`

func Goroutine(ctx context.Context) { go Values(ctx, "k") } // want Goroutine:`ctxuse\(used\)`

func GoLit(ctx context.Context) { // want GoLit:`ctxuse\(used\)`
	go func() { Values(ctx, "k") }()
}

func Closure(ctx context.Context) { // want Closure:`ctxuse\(ignored\)`
	f := func() { Values(ctx, "k") }
	f()
}

func run(f func()) { f() }

func ClosureUse(ctx context.Context) { // want ClosureUse:`ctxuse\(used\)`
	run(func() { _ = Waits(ctx) })
}

func InPlace(ctx context.Context) { // want InPlace:`ctxuse\(used\)`
	func(c context.Context) { _ = Waits(c) }(ctx)
}

func InPlaceIgnored(ctx context.Context) { // want InPlaceIgnored:`ctxuse\(ignored\)`
	func(c context.Context) { Values(c, "k") }(ctx)
}

type Waiter interface {
	Wait(ctx context.Context) error // want Wait:`ctxuse\(used\)`
}

// Iface: its implementation in the package (impl) waits on it.
func Iface(ctx context.Context, w Waiter) { _ = w.Wait(ctx) } // want Iface:`ctxuse\(used, used\)`

func FuncValue(ctx context.Context, f func(context.Context)) { f(ctx) } // want FuncValue:`ctxuse\(used, used\)`

func Recursive(ctx context.Context, n int) { // want Recursive:`ctxuse\(ignored, used\)`
	if n > 0 {
		Recursive(ctx, n-1)
	}
}

func Mutual1(ctx context.Context, n int) { // want Mutual1:`ctxuse\(used, used\)`
	if n > 0 {
		Mutual2(ctx, n-1)
	}
}

func Mutual2(ctx context.Context, n int) { // want Mutual2:`ctxuse\(used, used\)`
	if n > 0 {
		Mutual1(ctx, n-1)
		return
	}
	_ = Waits(ctx)
}

func NilCheck(ctx context.Context) { // want NilCheck:`ctxuse\(ignored\)`
	if ctx == nil {
		ctx = context.Background()
	}
	_ = ctx
}

func Listen(ctx context.Context) (net.Listener, error) { // want Listen:`ctxuse\(ignored\)`
	return (&net.ListenConfig{}).Listen(ctx, "tcp", ":0")
}

func Sprint(ctx context.Context) string { return fmt.Sprint(ctx) } // want Sprint:`ctxuse\(ignored\)`

func Detached(ctx context.Context) { _ = Waits(context.WithoutCancel(ctx)) } // want Detached:`ctxuse\(ignored\)`

type Tracer interface {
	Start(ctx context.Context, name string) (context.Context, func())
}

// Span: a context derived through an interface is followed.
func Span(ctx context.Context, tr Tracer) { // want Span:`ctxuse\(ignored, used\)`
	c, end := tr.Start(ctx, "span")
	defer end()
	Values(c, "k")
}

func SpanUsed(ctx context.Context, tr Tracer) { // want SpanUsed:`ctxuse\(used, used\)`
	c, end := tr.Start(ctx, "span")
	defer end()
	_ = Waits(c)
}

func Reassigned(ctx context.Context) { // want Reassigned:`ctxuse\(used\)`
	ctx = context.WithValue(ctx, key{}, 1)
	_ = Waits(ctx)
}

// The shape of a vendored system-statistics library: the variant reads
// /proc and never looks at its context.
func Times(percpu bool) ([]string, error) { return TimesWithContext(context.Background(), percpu) }

func TimesWithContext(ctx context.Context, percpu bool) ([]string, error) { // want TimesWithContext:`ctxuse\(ignored, used\)`
	_, err := os.ReadFile("/proc/stat")
	return nil, err
}

// A method of an unexported type is exported when its name is.
type inner struct{}

func (inner) Do(ctx context.Context) { _ = Waits(ctx) } // want Do:`ctxuse\(used\)`

// Unexported functions export no fact.
func unexported(ctx context.Context) { _ = Waits(ctx) }

type impl struct{}

func (*impl) Wait(ctx context.Context) error { <-ctx.Done(); return ctx.Err() } // want Wait:`ctxuse\(used\)`

func (*impl) Log(ctx context.Context) { Logs(ctx) } // want Log:`ctxuse\(ignored\)`

// Method expressions take the receiver first.
func MethodExpr(ctx context.Context, w *impl) { // want MethodExpr:`ctxuse\(used, used\)`
	(*impl).Wait(w, ctx)
}

func MethodExprIgnored(ctx context.Context, w *impl) { // want MethodExprIgnored:`ctxuse\(ignored, used\)`
	(*impl).Log(w, ctx)
}

// CheckedErr looks at its context once, at the top: it notices a caller
// that has already gone, and nothing later.
func CheckedErr(ctx context.Context) error { // want CheckedErr:`ctxuse\(checked\)`
	if err := ctx.Err(); err != nil {
		return err
	}
	return nil
}

func CheckedSelect(ctx context.Context) error { // want CheckedSelect:`ctxuse\(checked\)`
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		return nil
	}
}

// PollsErr checks at every turn of a loop: a use.
func PollsErr(ctx context.Context, items []int) { // want PollsErr:`ctxuse\(used, used\)`
	for range items {
		if ctx.Err() != nil {
			return
		}
	}
}

// PollsSelect polls Done with a default at every turn: a use.
func PollsSelect(ctx context.Context) { // want PollsSelect:`ctxuse\(used\)`
	for {
		select {
		case <-ctx.Done():
			return
		default:
		}
	}
}

// CheckedInLoop calls a function that checks at every turn: a use.
func CheckedInLoop(ctx context.Context, items []int) { // want CheckedInLoop:`ctxuse\(used, used\)`
	for range items {
		_ = CheckedErr(ctx)
	}
}

// CheckedThrough calls it once: still only a check.
func CheckedThrough(ctx context.Context) error { return CheckedErr(ctx) } // want CheckedThrough:`ctxuse\(checked\)`

// CheckedCallback hands the check to a function value that may be called
// again: a use.
func CheckedCallback(ctx context.Context) { // want CheckedCallback:`ctxuse\(used\)`
	run(func() { _ = CheckedErr(ctx) })
}

// CheckedDeferred checks once, on the way out.
func CheckedDeferred(ctx context.Context) { // want CheckedDeferred:`ctxuse\(checked\)`
	defer func() { _ = CheckedErr(ctx) }()
}

// Breaker's implementations in this package only check their context at
// the call (a circuit breaker's AllowCtx); callers are judged by them.
type Breaker interface {
	Allow() error
	AllowCtx(ctx context.Context) error // want AllowCtx:`ctxuse\(checked\)`
}

type breaker struct{}

func NewBreaker() Breaker { return breaker{} }

func (breaker) Allow() error { return nil }

func (b breaker) AllowCtx(ctx context.Context) error { // want AllowCtx:`ctxuse\(checked\)`
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		return b.Allow()
	}
}

type nopBreaker struct{}

func (nopBreaker) Allow() error                     { return nil }
func (nopBreaker) AllowCtx(_ context.Context) error { return nil } // want AllowCtx:`ctxuse\(ignored\)`

// Fetcher's implementation in this package waits on its context.
type Fetcher interface {
	Fetch(ctx context.Context) error // want Fetch:`ctxuse\(used\)`
}

type fetcher struct{}

func (*fetcher) Fetch(ctx context.Context) error { return Waits(ctx) } // want Fetch:`ctxuse\(used\)`

// Wrapped embeds the interface it implements: the implementation is not
// seen.
type Pinger interface {
	Ping(ctx context.Context) error // want Ping:`ctxuse\(used\)`
}

type wrapped struct{ Pinger }

// SecretManager is a plug-in point: no type of the package implements it,
// the program may plug one in or not. What it does is not seen, and does
// not count as a use.
type SecretManager interface {
	Fetch(ctx context.Context, ref string) (string, error)
}

// SecretReader's implementations here read inline values or hand over to
// the plug-in.
type SecretReader interface {
	Fetch(ctx context.Context) (string, error) // want Fetch:`ctxuse\(ignored\)`
}

type inlineSecret struct{ s string }

func (s *inlineSecret) Fetch(context.Context) (string, error) { return s.s, nil } // want Fetch:`ctxuse\(ignored\)`

type refSecret struct {
	m   SecretManager
	ref string
}

func (s *refSecret) Fetch(ctx context.Context) (string, error) { return s.m.Fetch(ctx, s.ref) } // want Fetch:`ctxuse\(ignored\)`

// TLSConfigWithContext reads its secrets with the context: nothing seen
// waits on it.
func TLSConfigWithContext(ctx context.Context, r SecretReader) error { // want TLSConfigWithContext:`ctxuse\(ignored, used\)`
	_, err := r.Fetch(ctx)
	return err
}

// ViaPlugIn hands the context to the plug-in directly.
func ViaPlugIn(ctx context.Context, m SecretManager) error { // want ViaPlugIn:`ctxuse\(ignored, used\)`
	_, err := m.Fetch(ctx, "k")
	return err
}
