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
//   - time.Sleep, and the other functions of its blocking table;
//   - a receive outside a select (a bare <-time.After(d) included), a send
//     outside a select, and a range over a channel;
//   - a select with no default and no case receiving from a context's Done()
//     (any expression whose type implements context.Context, or a variable
//     holding such a Done() channel);
//   - (*sync.Cond).Wait;
//   - calls to functions that do any of these, directly or through further
//     static calls, in this package or in others: each function's summary
//     ("may block without a context, because of this chain") is computed by
//     a fixpoint over the package's static call graph and exported as a fact.
//     The finding is at the call in the handler and gives the chain:
//     call to deep.Retry blocks without the request's context:
//     deep.Retry -> deep.Backoff -> time.Sleep.
//
// Assumed not to block: a receive from a context's Done() (waiting for the
// cancellation itself); a select with a default or with a case on a Done()
// channel; channel operations on a channel the function makes itself and
// hands only to goroutines or closures it starts (waiting for its own
// goroutines, like sync.WaitGroup.Wait, is as long as their work, and that
// work is what should watch the context); the bodies of goroutines a
// function starts; calls through interfaces and function values; locks;
// the bodies of standard-library functions (only the blocking table speaks
// for them). Nothing is reported outside handlers, and test files are
// skipped unless -handlerblock.tests is set.
//
// The -handlerblock.blocking-funcs flag adds functions to the blocking
// table: a comma-separated list of full names such as
// example.com/retry.Do or (*example.com/queue.Queue).Wait.
package handlerblock
