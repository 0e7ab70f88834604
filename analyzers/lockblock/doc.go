// Package lockblock defines an Analyzer that reports mutexes held across
// waits, locked twice, left locked on a return path, or taken in opposite
// orders.
//
// # Analyzer lockblock
//
// lockblock: report locks that can block their goroutine, or every user of the lock, forever
//
// A sync.Mutex or RWMutex is a short critical section; the bugs that stop
// a service under load are the ones where a lock is held while something
// else must happen first, and that something needs the lock or never
// comes. lockblock reports:
//
//   - a lock held across a wait that the lock blocks: a channel send or
//     receive (outside a select with a way out), a select or a
//     WaitGroup.Wait, when the code on the other side (every receiver of the
//     channel, a goroutine the WaitGroup counts) locks the same lock; a
//     Cond.Wait on another lock's Cond; a time.Sleep; or a call that does one
//     of these, with the chain of calls;
//   - the same lock taken twice on one path, directly or through a call
//     (a method that locks its receiver's mutex called with that mutex held):
//     Go mutexes are not re-entrant, and a second RLock deadlocks behind a
//     waiting writer;
//   - a return path that leaves a lock locked when the function's other
//     paths unlock it (an early error return that forgot the Unlock), or a
//     loop that comes back to its Lock with the lock still held; a
//     suggested fix unlocks before that return or continue;
//   - two locks taken in opposite orders by two functions of the package.
//
// Assumptions that trade recall for precision: locks are followed through
// static calls within the package and, for exported functions, through
// facts across packages; calls through interfaces and function values do
// not lock or wait. A channel or WaitGroup wait is reported only when
// every function that could end it takes the held lock; network and file
// I/O under a lock are not reported (a mutex that serialises writes to one
// connection is the common, correct use). A function that returns holding
// a lock on purpose (named like lockX or acquireX, or whose lock another
// function of the package releases) is not a leak; a sleep of a constant
// under 100ms is a short, bounded wait.
package lockblock
