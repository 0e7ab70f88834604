// Package handlerblock defines an Analyzer that reports request handlers
// that block without giving up when the request is cancelled.
//
// # Analyzer handlerblock
//
// handlerblock: report waits in request handlers that ignore the request's cancellation
//
// When a client goes away or its deadline passes, the request's context is
// cancelled; a handler that sleeps, waits on a channel or on a sync.Cond
// without watching that context keeps its goroutine, its memory and whatever
// it holds until the wait ends, and under load those goroutines pile up.
//
// Inside request handlers (net/http, gin, echo and fiber shapes, including
// function literals registered inline) the analyzer reports:
//
//   - time.Sleep, (*sync.Cond).Wait and the other functions of its blocking
//     table; a bare <-time.After(d), a receive from a time.Timer's or
//     Ticker's C, and a select on timers only;
//   - a receive or send outside a select, and a range over a channel;
//   - a select with no default, no case receiving from a Done() channel
//     (x.Done() for any x whose type implements context.Context, or a
//     variable holding one) and no timeout case (time.After, a Timer's C:
//     a bound the author chose);
//   - calls to functions that do any of these, with the chain:
//     call to deep.Retry blocks without the request's context:
//     deep.Retry -> deep.Backoff -> time.Sleep at backoff.go:12.
//
// Each function's summary is computed by a fixpoint over the package's
// static call graph. Sleeps (the first group above) are followed through any
// number of calls and exported as facts, so callers in other packages and
// modules see them. Channel waits are followed only within their package and
// for chains of at most three links: a channel is its package's internal
// protocol, and deeper or foreign channel waits were noise on real code.
//
// Assumed not to block: a receive from a Done() channel (waiting for the
// cancellation itself); channel operations on a channel the function makes
// and hands only to goroutines and closures it starts (a wait for its own
// work, like sync.WaitGroup.Wait); an operation releasing what an earlier
// one in the other direction acquired (sem <- token, then <-sem); the bodies
// of goroutines a function starts and of function literals it does not call
// in place; calls through interfaces and function values; calls to other
// handlers (reported in the callee); locks; the bodies of standard-library
// functions (only the blocking table speaks for them). Nothing is reported
// outside handlers, and test files are skipped unless -handlerblock.tests is
// set.
//
// The -handlerblock.blocking-funcs flag adds functions to the blocking
// table: a comma-separated list of full names such as
// example.com/retry.Do or (*example.com/queue.Queue).Wait.
package handlerblock
