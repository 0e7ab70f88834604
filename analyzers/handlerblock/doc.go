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
// number of calls and exported as facts, so callers in other packages of
// the module see them; the facts of another module are not followed (a
// dependency's waits are its design), unless the module is unknown (GOPATH
// mode). Channel waits are followed only within their package and for
// chains of at most three links: a channel is its package's internal
// protocol, and deeper or foreign channel waits were noise on real code.
//
// A wait reaches a function's callers only on the function's ordinary
// path: not under an if, switch, select case or condition-only loop whose
// condition reads what the callers do not control (a field, a global,
// another call's result), and not after a guard that leaves a loop without
// returning an error (a retry or a poll). Under conditions on the
// function's parameters it reaches the callers that pass arguments they
// control (constants, literals, their own parameters).
//
// All the handlers of a package whose calls end at the same blocking
// operation give one finding, at the deepest call of the chain in the
// package, naming the handlers (the first two, then "and N more").
//
// Assumed not to block: a receive from a Done() channel (waiting for the
// cancellation itself); channel operations on a channel the function makes
// and hands only to goroutines and closures it starts (a wait for its own
// work, like sync.WaitGroup.Wait); an operation releasing what an earlier
// one in the other direction acquired (sem <- token, then <-sem); the wait
// for the reply on a channel the function handed over in a send that is
// itself reported (s.reqs <- request{reply: ch}, then <-ch: one finding per
// round trip); a receive from a channel of a writer the handler handed its
// ResponseWriter to (conn := &outgoingConn{Writer: w, Closer: c}, then
// <-c.closeNotify(): the writer owns the response until a write fails); the bodies
// of goroutines a function starts and of function literals it does not call
// in place; calls through interfaces and function values; a select with a
// case on a struct{} channel parameter (the caller's way to stop it); a
// sleep in a loop that checks a context; calls to other handlers (reported
// in the callee); locks; the bodies of standard-library
// functions (only the blocking table speaks for them). Nothing is reported
// that no handler reaches (a finding through calls may be in a helper the
// handlers call), and test files are skipped unless -handlerblock.tests is
// set.
//
// The -handlerblock.blocking-funcs flag adds functions to the blocking
// table: a comma-separated list of full names such as
// example.com/retry.Do or (*example.com/queue.Queue).Wait.
package handlerblock
