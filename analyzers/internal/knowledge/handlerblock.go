package knowledge

// BlockingFuncs block the calling goroutine and take no context, so a
// request's cancellation cannot cut them short. handlerblock reports calls to
// them in request handlers, directly or through the functions a handler
// calls. Keys are types.Func.FullName; interface methods may be listed (the
// call is matched whatever the dynamic type).
//
// Deliberately absent: sync.Mutex and RWMutex (short critical sections; a
// lock held across a blocking wait is found at the wait), sync.WaitGroup.Wait
// and errgroup.Group.Wait (they wait for goroutines the caller started, whose
// work is what should honour the context), and waits that take a context
// (rate.Limiter.Wait, semaphore.Weighted.Acquire). Bodies of standard-library
// functions are not summarised: only this table speaks for them.
var BlockingFuncs = map[string]string{
	"time.Sleep":        "sleeps for the whole duration whatever happens to the request",
	"(*sync.Cond).Wait": "waits for Signal or Broadcast; a Cond cannot be combined with a context's Done",
	// go.uber.org/ratelimit's Limiter is an interface; Take sleeps until the
	// next slot. golang.org/x/time/rate's Limiter.Wait(ctx) is the cancellable
	// alternative.
	"(go.uber.org/ratelimit.Limiter).Take": "sleeps until the next slot, with no context",
}

// CancelChanMethods return a channel that is closed when a request is
// cancelled: receiving from one is waiting for cancellation, and a select
// with such a case gives up when the request does. Besides these, the Done
// method of any type that implements context.Context counts (gin.Context,
// for one).
var CancelChanMethods = map[string]string{
	"(context.Context).Done":               "closed when the context is cancelled",
	"(net/http.CloseNotifier).CloseNotify": "the deprecated predecessor of the request's context: fires when the client goes away",
}

// HijackFuncs take a request's connection over from net/http (a WebSocket
// upgrade, a raw hijack). After them the handler serves the connection for
// as long as it lives, by design, and the request's context no longer
// reports the client going away: handlerblock does not report waits that
// follow them.
var HijackFuncs = map[string]string{
	"(net/http.Hijacker).Hijack":                       "takes the connection over",
	"(*net/http.ResponseController).Hijack":            "takes the connection over",
	"(*github.com/gorilla/websocket.Upgrader).Upgrade": "WebSocket upgrade",
	"github.com/gorilla/websocket.Upgrade":             "WebSocket upgrade (deprecated form)",
	"nhooyr.io/websocket.Accept":                       "WebSocket upgrade",
	"github.com/coder/websocket.Accept":                "WebSocket upgrade",
	"github.com/gobwas/ws.UpgradeHTTP":                 "WebSocket upgrade",
	"(github.com/gobwas/ws.HTTPUpgrader).Upgrade":      "WebSocket upgrade",
}
