package knowledge

// This file: the sync package's run-once helpers. Its blocking call
// (sync.Cond.Wait) is in ContextlessWaits, and sync.WaitGroup is in
// Spawners and GoroutineWaitTypes.

// OnceFuncs run a function literal passed to them at most once, however
// often the surrounding code runs: a goroutine started inside one is not
// started per request (unboundedgo), and a client built inside one is built
// once (perrequestclient).
var OnceFuncs = map[string]string{
	"(*sync.Once).Do": "runs its function on the first Do of that Once value only",
	"sync.OnceFunc":   "the returned function runs its argument on its first call only",
	"sync.OnceValue":  "the returned function runs its argument on its first call and returns the cached value after",
	"sync.OnceValues": "the returned function runs its argument on its first call and returns the cached values after",
}
