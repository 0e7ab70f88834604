// Package unboundedgo defines an Analyzer that reports goroutines started
// in numbers driven by input, with nothing bounding how many run at once.
//
// # Analyzer unboundedgo
//
// unboundedgo: report goroutines started per input item or per request with no bound
//
// A service that starts one goroutine per input item or per request has no
// backpressure: under load, goroutines, memory and connections to
// downstream services grow with traffic until the process falls over.
//
// The analyzer reports:
//
//   - a go statement, or a call to (*errgroup.Group).Go, (*sync.WaitGroup).Go
//     or a github.com/sourcegraph/conc pool's Go, inside a loop whose trip
//     count depends on input: a range over a slice, map, string, channel or
//     iterator that is not a literal, `for {}` and `for cond {}` loops, and
//     counting loops bounded by len, cap or a Len method;
//   - a go statement in a request handler that the handler does not wait
//     for: one goroutine per request, fire and forget;
//   - a call, in a request handler, to a function of the same module that
//     starts such a goroutine, directly or through the functions it calls
//     (the chain is given; facts carry it across packages).
//
// It stays quiet when the spawning is bounded: a token sent into a channel
// (sem <- struct{}{}) or a semaphore acquired earlier in the same iteration,
// or first thing in the goroutine; an errgroup on which SetLimit is called,
// or a conc pool built WithMaxGoroutines; worker pools (loops that run a
// constant, runtime.NumCPU(), runtime.GOMAXPROCS(...), a parameter or a
// configuration field's number of times); ranges over arrays, constants and
// literals; iterations that wait for their goroutine (wg.Wait(), <-done) or
// are paced by a timer; goroutines a function waits for before returning; a
// single go statement outside loops and handlers. Errgroups and pools that
// are not built in the function are trusted to be bounded by their owner.
//
// Accept loops (for { c, _ := ln.Accept(); go serve(c) }) are Go's standard
// server idiom and are not reported unless -unboundedgo.accept-loops is set;
// then the remedy is netutil.LimitListener. Test files are skipped unless
// -unboundedgo.tests is set.
package unboundedgo
