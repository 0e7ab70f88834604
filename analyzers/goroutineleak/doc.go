// Package goroutineleak defines an Analyzer that reports goroutines that can
// never end.
//
// # Analyzer goroutineleak
//
// goroutineleak: report goroutines that can never end
//
// A goroutine that blocks forever keeps its stack and everything it
// references for the life of the process. When the code that starts it
// runs per request, per connection, per reload or per object, the blocked
// goroutines pile up until memory runs out. The analyzer reports, root
// cause once:
//
//   - a background loop with no way out, started by code that runs more
//     than once: a for loop with no return, break or stop case, a range over
//     a channel nothing closes, a stop case whose channel nothing closes or
//     is nil, a stop case that does not leave the loop (break in a select
//     leaves only the select);
//   - a channel operation nothing can complete: a receive from a channel
//     nothing in the package sends on or closes (or that is nil), a send on
//     an unbuffered channel nothing receives from;
//   - a parent that abandons its goroutines' channel: it returns from a
//     select on ctx.Done() or a timeout, receives once from many senders,
//     or leaves the loop that receives from them early, while they send on
//     an unbuffered channel (or more than its buffer holds), themselves or
//     through a helper of the package they hand the channel to; a suggested
//     fix makes the channel buffered for one send;
//   - a parent waiting, with a plain receive, for a signal its goroutine can
//     return without giving (an early return before close(done)); a
//     suggested fix closes the channel in a defer; and the reverse, a
//     goroutine receiving from its parent's channel while the parent can
//     return, after starting it, without the send or the close it waits for;
//   - cancellation never delivered: a cancel function returned by a helper
//     (a context.CancelFunc, or a func() result named cancel or stop)
//     discarded or not called on some path (a suggested fix defers it), and
//     an object whose goroutine waits for its Stop or Close dropped without
//     it;
//   - a WaitGroup waited on inside the loop that starts its goroutines, one
//     the package Adds to and Waits on but never calls Done on, and a
//     counted goroutine that can return without its Done while the parent
//     Waits.
//
// Assumptions that trade recall for precision:
//   - what a channel is used for is known from the package alone (channel
//     flow through variables, fields, parameters and results): a channel
//     that comes from or goes to another package, an exported field or
//     function, an interface or a container is not judged;
//   - "runs more than once" needs evidence: a request handler, a parameter
//     that is a connection, a name that says reload, a loop that runs until
//     stopped (not one over a fixed list), a method or constructor of a type
//     with Stop, Close or Shutdown, or a caller that is one of these; code
//     only main and init reach is start-up code and is not reported;
//   - a loop exit is any return, break or goto out of it and any call that
//     does not return (panic, os.Exit, log.Fatal); an exit is dead only in a
//     select case on a channel that never delivers;
//   - the functions of package context are vet's lostcancel's.
package goroutineleak
