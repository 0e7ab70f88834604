package knowledge

// This file: goroutine pools and what bounds them (errgroup, conc,
// semaphores, worker counts, listener limits), and the names of goroutines
// that run for the life of a component. unboundedgo reads all of it.

// A Spawner is a method that starts a goroutine the way a go statement does.
// Group-like spawners can be bounded: calling one of LimitMethods on the
// group (or in the chain that builds it) caps how many goroutines run at once.
type Spawner struct {
	Path, Type, Method string   // receiver's package path and type name, and the method
	LimitMethods       []string // methods of the same receiver that bound it; none if it cannot be bounded
	Reason             string
}

// Spawners are matched by package path, type name and method name, so that
// conclint depends on none of these libraries. A type's generic
// instantiations match too.
var Spawners = []Spawner{
	{"golang.org/x/sync/errgroup", "Group", "Go", []string{"SetLimit"},
		"starts a goroutine per call; Go blocks once SetLimit's limit is reached"},
	{"sync", "WaitGroup", "Go", nil,
		"Go 1.25's WaitGroup.Go is a go statement plus Add/Done: it has no limit"},
	{"github.com/sourcegraph/conc", "WaitGroup", "Go", nil,
		"conc's WaitGroup starts a goroutine per call: it has no limit"},
	{"github.com/sourcegraph/conc/pool", "Pool", "Go", []string{"WithMaxGoroutines"},
		"a conc pool runs a goroutine per task unless built WithMaxGoroutines"},
	{"github.com/sourcegraph/conc/pool", "ErrorPool", "Go", []string{"WithMaxGoroutines"},
		"a conc pool runs a goroutine per task unless built WithMaxGoroutines"},
	{"github.com/sourcegraph/conc/pool", "ContextPool", "Go", []string{"WithMaxGoroutines"},
		"a conc pool runs a goroutine per task unless built WithMaxGoroutines"},
	{"github.com/sourcegraph/conc/pool", "ResultPool", "Go", []string{"WithMaxGoroutines"},
		"a conc pool runs a goroutine per task unless built WithMaxGoroutines"},
	{"github.com/sourcegraph/conc/pool", "ResultErrorPool", "Go", []string{"WithMaxGoroutines"},
		"a conc pool runs a goroutine per task unless built WithMaxGoroutines"},
	{"github.com/sourcegraph/conc/pool", "ResultContextPool", "Go", []string{"WithMaxGoroutines"},
		"a conc pool runs a goroutine per task unless built WithMaxGoroutines"},
	{"github.com/sourcegraph/conc/stream", "Stream", "Go", []string{"WithMaxGoroutines"},
		"a conc stream runs a goroutine per task unless built WithMaxGoroutines"},
}

// SemaphoreAcquireFuncs bound how many goroutines do work at once when
// called before a go statement in the same iteration, or in the goroutine.
var SemaphoreAcquireFuncs = map[string]string{
	"(*golang.org/x/sync/semaphore.Weighted).Acquire":    "blocks until n units of the semaphore are free",
	"(*golang.org/x/sync/semaphore.Weighted).TryAcquire": "fails when the semaphore is full; the caller skips the work",
	"(*golang.org/x/time/rate.Limiter).Wait":             "paces spawning to the limiter's rate",
	"(*golang.org/x/time/rate.Limiter).WaitN":            "paces spawning to the limiter's rate",
}

// SemaphoreAcquireNames are method names that acquire a slot of a project's
// own semaphore or limiter type (s.sem.Acquire(), limiter.TryAcquire()):
// services wrap semaphores in many small types, and a method of that name is
// rarely anything else.
var SemaphoreAcquireNames = map[string]string{
	"Acquire":    "acquires a slot of a semaphore-like type",
	"TryAcquire": "acquires a slot of a semaphore-like type, or fails",
}

// WaitMethodNames are methods that wait for spawned goroutines: a call on
// a WaitGroup, errgroup or pool (or on anything the goroutine mentions) in
// the same iteration means the loop runs one batch at a time.
var WaitMethodNames = map[string]string{
	"Wait": "sync.WaitGroup, errgroup.Group and conc pools wait for their goroutines",
}

// GoroutineWaitTypes are types, by full name, whose Wait method waits for
// goroutines even when the goroutine does not mention the value (go s.run()
// calling s.wg.Done()): a Wait on one in the same iteration means the loop
// runs one batch at a time.
var GoroutineWaitTypes = map[string]string{
	"sync.WaitGroup":                        "Wait returns when every Add has had its Done, whichever goroutine calls Done",
	"golang.org/x/sync/errgroup.Group":      "Wait returns when every goroutine started with Go has returned",
	"github.com/sourcegraph/conc.WaitGroup": "Wait returns when every goroutine started with Go has returned",
}

// WorkerCountFuncs give a fixed number of workers: a loop that runs that
// many times and starts a goroutine per iteration is a worker pool, not a
// goroutine per input.
var WorkerCountFuncs = map[string]string{
	"runtime.NumCPU":     "the machine's CPU count: a fixed pool size",
	"runtime.GOMAXPROCS": "the scheduler's parallelism: a fixed pool size",
}

// DataLengthMethods return the size of a collection: a loop bounded by them
// runs once per element of the data.
var DataLengthMethods = map[string]string{
	"Len":   "the number of elements of a container (list.List, heap, queues)",
	"Count": "the number of elements of a collection",
	"Size":  "the number of elements of a collection",
}

// AcceptMethodPrefix marks listener methods that wait for the next
// connection or stream (Accept, AcceptTCP, AcceptStream): a loop calling one
// and starting a goroutine per result is a server's accept loop.
const AcceptMethodPrefix = "Accept"

// LimitListenerFuncs wrap a listener so it accepts at most n connections at
// once: an accept loop over such a listener is bounded.
var LimitListenerFuncs = map[string]string{
	"golang.org/x/net/netutil.LimitListener": "accepts at most n simultaneous connections",
}

// LongLivedNames are names (compared in lower case) of functions and
// methods that run until stopped: informer.Run, s.run. A loop over a
// collection that starts one such goroutine per element is starting the
// components of a service (one watcher per configured namespace, one send
// loop per alertmanager), not fanning out per input. Names that
// LongLivedNamePrefixes or LongLivedNameSuffixes match (serve, loop,
// worker, listenAndServe) are listed there only.
var LongLivedNames = map[string]string{
	"run": "a component's main loop: informer.Run, s.run",
}

// LongLivedNameSuffixes are lower-case name suffixes of such functions.
var LongLivedNameSuffixes = map[string]string{
	"loop":     "readLoop, sendLoop: a component's main loop",
	"worker":   "runWorker: takes jobs until stopped",
	"watcher":  "configWatcher: watches until stopped",
	"consumer": "startShardConsumer: consumes a queue or a stream until stopped",
	"listener": "accepts or receives until closed",
	"receiver": "receives messages until stopped",
	"forever":  "runForever: says so in its name",
}

// LongLivedNamePrefixes are lower-case name prefixes of such functions.
var LongLivedNamePrefixes = map[string]string{
	"tail":      "tailContainerLogs: follows a log until stopped",
	"watch":     "watchPods: watches until stopped",
	"stream":    "streamEvents: streams until the peer or the caller stops",
	"follow":    "followLogs: follows a log until stopped",
	"subscribe": "subscribeTopic: receives a subscription's messages until it ends",
	"listen":    "listen, listenAndServe: listens until closed",
	"consume":   "consumeQueue: consumes until stopped",
	"poll":      "poll, pollStatus: polls until stopped",
	"serve":     "serve, serveConn: serves until stopped",
	"start":     "start, startConsumer: starts a component's loop",
}
