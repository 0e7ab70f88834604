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
//     count depends on input: a range over input data (a slice, map, string
//     or iterator that is a parameter of an exported function, a handler or
//     a function literal, stored data returned by a database, ORM or store
//     call, data decoded from input, derived from those, or passed to an
//     unexported helper by a caller in the package) or over a channel;
//     `for {}` and `for cond {}`
//     loops; counting loops bounded by the length of input data (one
//     finding per loop, at its first such go statement);
//   - a go statement in a request handler that the handler does not wait
//     for: one goroutine per request, fire and forget;
//   - a call, in a request handler, to a function of the same module that
//     starts such a goroutine, directly or through one more function (the
//     chain is given; facts carry it across packages); one finding per go
//     statement reached, naming the other handlers that reach it.
//
// In every case the goroutine must do I/O or wait, through the calls it
// makes (analyzers/internal/ioeffect): a goroutine that only computes in
// memory (builds labels, fills a map under a lock, sends a result) grows
// nothing downstream and is not reported.
//
// It stays quiet when the spawning is bounded: a token sent into a channel
// (sem <- struct{}{}), a semaphore acquired or a throttle received from
// earlier in the same iteration, or a semaphore taken by the goroutine
// itself or by a function of the package it calls; an errgroup on which
// SetLimit is called, or a conc pool built WithMaxGoroutines; worker pools
// (loops that run a constant, runtime.NumCPU(), runtime.GOMAXPROCS(...), a
// parameter or a configuration field's number of times); ranges over
// arrays, constants and literals; iterations that wait for their goroutine
// (wg.Wait(), <-done) or are paced by a timer; goroutines guarded to run one
// at a time (if done == nil { done = ...; go refresh(done) }); goroutines a
// function waits for before returning, and, in handlers, goroutines that
// wait on the request's context, and goroutines told to stop when the
// function returns (defer close(exit)); a single go statement outside loops and
// handlers. Errgroups and pools that are not built in the function are
// trusted to be bounded by their owner.
//
// It also stays quiet, trading recall for precision, on ranges over
// configuration and the program's own data (fields of the method's
// receiver, package variables, results of calls that cannot fail, lists
// fetched from another service or from the host: the nodes of a cluster,
// the containers or interfaces of a host, a state file; parameters of
// unexported helpers no caller passes input to), on loops whose goroutine
// is long-lived (a Run or ...Loop method, an endless loop, a read loop
// that ends only on an error, through any number of calls: one watcher per
// configured namespace, one session per key or connection; a goroutine
// that starts by waiting for an object to close, <-conn.Closed()), on
// concurrency the user opted into
// (case "concurrent": go f(x); case "sequential": f(x)), on a go statement
// followed by return or break (it runs once), on goroutines started in
// sync.Once.Do, and on handlers that take over their connection (Hijack,
// websocket upgrades).
//
// Accept loops (for { c, _ := ln.Accept(); go serve(c) }, and loops that
// receive connections another goroutine accepted) are Go's standard
// server idiom and are not reported unless -unboundedgo.accept-loops is set;
// then the remedy is netutil.LimitListener. Test files are skipped unless
// -unboundedgo.tests is set.
package unboundedgo
