// Package goroutineleak defines an Analyzer that reports goroutines that can
// block forever once their parent has returned.
//
// # Analyzer goroutineleak
//
// goroutineleak: report goroutines left blocked on a channel their parent abandoned
//
// A function makes an unbuffered channel, starts a goroutine that sends its
// result on it, and then waits for that result in a select that can return on
// another case (ctx.Done(), a time.After or timer case). When that other case
// wins, nothing ever receives: the goroutine blocks on its send forever, with
// everything it references, once per call. The same holds when the function
// starts one goroutine per item in a loop and receives only one result, or
// receives in a loop that can return early (on the first error): every
// remaining sender blocks forever.
//
// The fix is a buffer: make(chan T, 1) for one send, or one slot per sender,
// so every send completes whether or not anyone receives. A suggested fix
// adds the buffer of 1 when the goroutine sends once.
//
// Assumptions that trade recall for precision:
//   - the channel is a local variable made with make(chan T) or
//     make(chan T, 0) in the function, and used only by that function and by
//     goroutines it starts with go func() { ... }(); a channel passed to
//     another function, stored, returned, closed, or captured by any other
//     closure is not judged;
//   - the goroutine sends with a plain send statement, not inside a select
//     (a select can give it a way out) and not inside a loop in the
//     goroutine;
//   - the parent only receives; for the select shape, every receive is a
//     case of a select that has another receive case whose body returns; for
//     the first-of-N shape, the go statement is in a loop and the parent
//     receives exactly once, outside any loop and outside a select, or in
//     one loop (not a range over the channel) whose body has a return.
package goroutineleak
