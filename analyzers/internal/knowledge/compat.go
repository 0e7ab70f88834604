package knowledge

// The names the analyzers read before the tables were grouped by API, kept
// until every analyzer reads the new ones (see the migration list in the
// notes); then this file goes. Each holds exactly what the old table held:
// an alias where the shape is unchanged, a table derived from the new one
// where it is not. Add nothing here.

import (
	"maps"
	"slices"
	"strings"
)

// OnceGuards is OnceFuncs (merged: both listed the same four functions).
var OnceGuards = OnceFuncs

// HijackFuncs is ConnTakeoverFuncs (renamed: it lists WebSocket upgrades
// too).
var HijackFuncs = ConnTakeoverFuncs

// ConnTakeoverNames is derived from ConnTakeoverFuncs (merged): the bare
// names, in lower case, of its functions. Read with the rule that a name
// containing "upgrade" counts, it matches the names the old table matched
// ("hijack", "accept", and any "upgrade").
var ConnTakeoverNames = lowerBareNames(ConnTakeoverFuncs)

// BlockingFuncs is Sleeps and ContextlessWaits together (split: the sleeps
// are time's, and PacingFuncs listed time.Sleep a second time).
var BlockingFuncs = union(Sleeps, ContextlessWaits)

// PacingFuncs is Sleeps (merged with BlockingFuncs' time.Sleep).
var PacingFuncs = Sleeps

// TimerChanFuncs is derived from ClockChanFuncs (now with Periodic).
var TimerChanFuncs = reasons(ClockChanFuncs)

// TimerTypes is derived from ClockChanTypes (now keyed by full type name,
// with Periodic and a reason).
var TimerTypes = pathNamePairs(ClockChanTypes)

// WaitTypes is derived from GoroutineWaitTypes (now keyed by full type name,
// with a reason).
var WaitTypes = pathNamePairs(GoroutineWaitTypes)

// CtxVariantSuffixes is derived from CtxSuffixes (now with a reason), in
// its order.
var CtxVariantSuffixes = func() []string {
	var s []string
	for _, e := range CtxSuffixes {
		s = append(s, e.Suffix)
	}
	return s
}()

// ServerReadTimeoutFields is the fields of ServerReadTimeouts (now with a
// reason).
var ServerReadTimeoutFields = slices.Sorted(maps.Keys(ServerReadTimeouts))

// StreamingTransportFields is the fields of StreamingTransportTimeouts (now
// with a reason).
var StreamingTransportFields = slices.Sorted(maps.Keys(StreamingTransportTimeouts))

// NonPoolingTransportFields is the fields of NonPoolingTransportSwitches
// (now with a reason).
var NonPoolingTransportFields = slices.Sorted(maps.Keys(NonPoolingTransportSwitches))

// LongLivedSuffixes is the suffixes of LongLivedNameSuffixes (now with a
// reason).
var LongLivedSuffixes = slices.Sorted(maps.Keys(LongLivedNameSuffixes))

// LongLivedPrefixes is the prefixes of LongLivedNamePrefixes (now with a
// reason).
var LongLivedPrefixes = slices.Sorted(maps.Keys(LongLivedNamePrefixes))

func lowerBareNames(m map[string]string) map[string]string {
	out := make(map[string]string)
	for _, full := range slices.Sorted(maps.Keys(m)) {
		name := strings.ToLower(full[strings.LastIndexByte(full, '.')+1:])
		if _, ok := out[name]; !ok {
			out[name] = m[full]
		}
	}
	return out
}

func union(ms ...map[string]string) map[string]string {
	out := make(map[string]string)
	for _, m := range ms {
		maps.Copy(out, m)
	}
	return out
}

func reasons(m map[string]ClockChan) map[string]string {
	out := make(map[string]string)
	for k, v := range m {
		out[k] = v.Reason
	}
	return out
}

// pathNamePairs splits full type names, "path/to/pkg.Type", into
// {"path/to/pkg", "Type"}, sorted.
func pathNamePairs[V any](m map[string]V) [][2]string {
	var out [][2]string
	for _, full := range slices.Sorted(maps.Keys(m)) {
		i := strings.LastIndexByte(full, '.')
		out = append(out, [2]string{full[:i], full[i+1:]})
	}
	return out
}
