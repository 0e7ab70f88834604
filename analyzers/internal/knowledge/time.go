package knowledge

// This file: the time package's timers, tickers, sleeps and clock reads.
// handlerblock asks whether a wait is bounded by the clock; unboundedgo
// whether a loop runs on the clock rather than once per input.

// A ClockChan is a channel that delivers when time passes, not when another
// goroutine sends.
type ClockChan struct {
	// Periodic is true for a channel that delivers again and again (a
	// ticker's) and false for one that delivers once (a timeout's). A wait
	// that has a one-shot clock channel as an alternative is bounded; one on
	// a periodic channel alone is a loop's pace, not a bound.
	Periodic bool
	Reason   string
}

// ClockChanFuncs return a clock channel: <-time.After(d), case
// <-time.Tick(d). Keys are types.Func.FullName.
var ClockChanFuncs = map[string]ClockChan{
	"time.After": {false, "the channel delivers once, when the duration has passed"},
	"time.Tick":  {true, "the channel delivers at every tick, for as long as the program runs"},
}

// ClockChanTypes hold a clock channel in their field ClockChanField: t.C of
// a time.Timer or time.Ticker, a value or a pointer. Keys are the types'
// full names.
var ClockChanTypes = map[string]ClockChan{
	"time.Timer":  {false, "C delivers once, when the timer fires"},
	"time.Ticker": {true, "C delivers at every tick until Stop"},
}

// ClockChanField is the field of a ClockChanTypes value that holds its
// channel.
const ClockChanField = "C"

// Sleeps block the calling goroutine for a duration, and take no context.
// handlerblock reports them in request handlers (a request's cancellation
// cannot cut them short) unless the loop around them polls within a
// deadline (ClockReads); unboundedgo takes a loop that calls one at every
// iteration to start goroutines at a fixed rate, not with traffic.
var Sleeps = map[string]string{
	"time.Sleep": "sleeps for the whole duration whatever happens to the request, and paces a loop that calls it",
}

// ClockReads read the clock. A loop whose condition compares one with a
// deadline (for time.Now().Before(end)), or that leaves when such a
// comparison in its body holds (if time.Since(start) > d { return err }),
// polls for a bounded time: handlerblock does not report a Sleep in it.
var ClockReads = map[string]string{
	"time.Now":   "the current time, compared with a deadline: time.Now().Before(end)",
	"time.Since": "the time elapsed since a start, compared with a bound: time.Since(start) > d",
	"time.Until": "the time left before a deadline, compared with zero: time.Until(end) > 0",
}
