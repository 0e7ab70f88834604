package knowledge

// This file: calls that wait for an event with no context to give up on.
// Sleeps, the waits for time to pass, are in time.go.

// ContextlessWaits block the calling goroutine until another goroutine or a
// limiter lets it go, and take no context, so a request's cancellation
// cannot cut them short. With Sleeps, they are what handlerblock reports in
// request handlers, directly or through the functions a handler calls. Keys
// are types.Func.FullName; interface methods may be listed (the call is
// matched whatever the dynamic type).
//
// Deliberately absent: sync.Mutex and RWMutex (short critical sections; a
// lock held across a blocking wait is found at the wait), sync.WaitGroup.Wait
// and errgroup.Group.Wait (they wait for goroutines the caller started, whose
// work is what should honour the context), and waits that take a context
// (rate.Limiter.Wait, semaphore.Weighted.Acquire). Bodies of standard-library
// functions are not summarised: only these tables speak for them.
var ContextlessWaits = map[string]string{
	"(*sync.Cond).Wait": "waits for Signal or Broadcast; a Cond cannot be combined with a context's Done",
	// go.uber.org/ratelimit's Limiter is an interface; Take sleeps until the
	// next slot. golang.org/x/time/rate's Limiter.Wait(ctx) is the cancellable
	// alternative.
	"(go.uber.org/ratelimit.Limiter).Take": "sleeps until the next slot, with no context",
}
